package candor.bench.vision;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three clocks the vision benchmarks read: CPU time of the calling thread, CPU time of the
 * whole process, and wall time.
 *
 * <p>Thread CPU time comes from {@link ThreadMXBean#getCurrentThreadCpuTime()} (on Linux
 * {@code clock_gettime(CLOCK_THREAD_CPUTIME_ID)}, nanosecond resolution, about a microsecond per
 * read). Process CPU time comes from {@link com.sun.management.OperatingSystemMXBean#getProcessCpuTime()},
 * which on Linux counts clock ticks of 10 ms: it is only meaningful summed over many images. It
 * includes the JVM's own threads (JIT compilers, garbage collectors), so it exceeds the thread
 * figures by their work even when all inference runs on the calling thread.
 *
 * <p>On Linux the time a thread spent runnable but waiting for a CPU comes from {@code
 * /proc/thread-self/schedstat}: on a shared machine it says how much of the wall time other
 * processes took.
 */
public final class CpuClock {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
  private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

  private CpuClock() {}

  /** Turns thread CPU measurement on, or fails when this JVM cannot measure it. */
  public static void requireThreadCpuTime() {
    if (THREADS.isCurrentThreadCpuTimeSupported() == false) {
      throw new IllegalStateException("this JVM cannot measure the CPU time of the current thread");
    }
    if (THREADS.isThreadCpuTimeEnabled() == false) {
      THREADS.setThreadCpuTimeEnabled(true);
    }
  }

  /** CPU time of the calling thread in nanoseconds, user plus system. */
  public static long thread() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** CPU time of the whole process in nanoseconds, or -1 when the JVM does not report it. */
  public static long process() {
    return OS instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
  }

  /**
   * Nanoseconds the calling thread has spent runnable but waiting for a CPU since it started, or -1
   * where the kernel does not say (not Linux). Reads a file: call it around loops, not stages.
   */
  public static long runQueueWait() {
    try {
      // three numbers: time on a CPU, time waiting on the run queue, time slices
      String[] fields = Files.readString(SCHEDSTAT).strip().split("\\s+");
      return fields.length >= 2 ? Long.parseLong(fields[1]) : -1;
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return -1;
    }
  }

  /** The system load average over the last minute, or a negative value when unavailable. */
  public static double loadAverage() {
    return OS.getSystemLoadAverage();
  }
}
