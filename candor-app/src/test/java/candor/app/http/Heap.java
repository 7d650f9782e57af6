package candor.app.http;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap figures of this JVM (the test server runs in it): the heap in use after a full
 * collection, and the bytes all threads allocated so far.
 */
final class Heap {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private Heap() {}

  /** The heap in use after collecting garbage, in bytes (the least of a few collections). */
  static long usedAfterGc() {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  /** The heap in use now, garbage included, in bytes. */
  static long used() {
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /**
   * The bytes allocated on the heap by every thread since the JVM started (an approximation the
   * JVM keeps per thread): what a request buffered shows here even after it is collected.
   */
  static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getTotalThreadAllocatedBytes();
  }

  /** Mebibytes, for messages. */
  static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }
}
