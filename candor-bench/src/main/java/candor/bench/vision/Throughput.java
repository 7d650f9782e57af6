package candor.bench.vision;

import candor.vision.FacePipeline;
import candor.vision.VisionException;
import candor.vision.image.ImageLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The face engine's throughput as {@link PipelineBenchmark}'s measurement [b] takes it: worker
 * threads share one {@link FacePipeline} and take images from a shared counter; each reads its
 * file from disk inside the loop and calls {@code analyze(loader, bytes, name, true)}. Used by
 * {@code PipelineBenchmark} and, as the engine-only reference, by {@code IngestBenchmark}.
 */
public final class Throughput {

  private Throughput() {}

  /**
   * What the workers did.
   *
   * @param errors files that could not be read or decoded
   * @param faces faces found in all
   * @param threadCpuS CPU seconds of the worker threads, summed
   * @param runQueueWaitS seconds the workers waited for a CPU, summed; NaN where the kernel does
   *     not say
   */
  public record Result(int errors, long faces, double threadCpuS, double runQueueWaitS) {}

  /**
   * Analyses every file once with {@code threads} workers and returns when all are done.
   *
   * @param pipeline the engine, shared
   * @param loader the image loader
   * @param files the images
   * @param threads the workers, at least 1
   * @return the counts and CPU times
   * @throws InterruptedException if interrupted while waiting for the workers
   */
  public static Result run(FacePipeline pipeline, ImageLoader loader, List<Path> files, int threads)
      throws InterruptedException {
    CpuClock.requireThreadCpuTime();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong faces = new AtomicLong();
    AtomicLong cpuNanos = new AtomicLong();
    AtomicLong queueNanos = new AtomicLong();
    AtomicBoolean queueUnknown = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      workers.add(Thread.ofPlatform().name("bench-worker-" + w).start(() -> {
        long cpu0 = CpuClock.thread();
        long queue0 = CpuClock.runQueueWait();
        for (int i; (i = next.getAndIncrement()) < files.size(); ) {
          Path file = files.get(i);
          try {
            byte[] bytes = Files.readAllBytes(file);
            faces.addAndGet(pipeline.analyze(loader, bytes, file.toString(), true).faces().size());
          } catch (IOException | VisionException e) {
            errors.incrementAndGet();
          }
        }
        cpuNanos.addAndGet(CpuClock.thread() - cpu0);
        long queue1 = CpuClock.runQueueWait();
        if (queue0 < 0 || queue1 < 0) {
          queueUnknown.set(true);
        }
        queueNanos.addAndGet(queue1 - queue0);
      }));
    }
    for (Thread t : workers) {
      t.join();
    }
    return new Result(errors.get(), faces.get(), cpuNanos.get() / 1e9,
        queueUnknown.get() ? Double.NaN : queueNanos.get() / 1e9);
  }
}
