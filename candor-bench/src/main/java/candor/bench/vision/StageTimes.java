package candor.bench.vision;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Thread CPU and wall time per stage per image, summed over the faces of an image for the stages
 * that run once per face. Not thread-safe: one measuring thread fills it.
 */
final class StageTimes {
  private final long[][] cpu;
  private final long[][] wall;
  private final int[][] calls;
  private final boolean[] measured;

  /** Room for every stage of {@link Stage} on {@code images} images. */
  StageTimes(int images) {
    int stages = Stage.values().length;
    this.cpu = new long[stages][images];
    this.wall = new long[stages][images];
    this.calls = new int[stages][images];
    this.measured = new boolean[images];
  }

  /** Runs {@code work} as one call of {@code stage} on image {@code image} and adds its times. */
  <T> T time(Stage stage, int image, Supplier<T> work) {
    long c0 = CpuClock.thread();
    long w0 = System.nanoTime();
    T result = work.get();
    long w1 = System.nanoTime();
    long c1 = CpuClock.thread();
    cpu[stage.ordinal()][image] += c1 - c0;
    wall[stage.ordinal()][image] += w1 - w0;
    calls[stage.ordinal()][image]++;
    return result;
  }

  /** Counts image {@code image} in the summaries: every stage ran on it without error. */
  void markMeasured(int image) {
    measured[image] = true;
  }

  /** Number of images counted in the summaries. */
  int measuredImages() {
    int n = 0;
    for (boolean m : measured) {
      n += m ? 1 : 0;
    }
    return n;
  }

  /** Summary of one stage over the measured images. */
  Summary summary(Stage stage) {
    return summarise(calls[stage.ordinal()], cpu[stage.ordinal()], wall[stage.ordinal()]);
  }

  /** Summary of the per-image sum of the stages that {@code analyze} runs with the default config. */
  Summary pipelineSum() {
    int images = measured.length;
    long[] c = new long[images];
    long[] w = new long[images];
    for (Stage s : Stage.values()) {
      if (s.inPipeline) {
        for (int i = 0; i < images; i++) {
          c[i] += cpu[s.ordinal()][i];
          w[i] += wall[s.ordinal()][i];
        }
      }
    }
    return summarise(new int[images], c, w);
  }

  private Summary summarise(int[] callsPerImage, long[] cpuNs, long[] wallNs) {
    int n = measuredImages();
    if (n == 0) {
      return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    long[] kept = new long[n];
    long cpuSum = 0;
    long wallSum = 0;
    long calls = 0;
    for (int i = 0, k = 0; i < measured.length; i++) {
      if (measured[i]) {
        kept[k++] = cpuNs[i];
        cpuSum += cpuNs[i];
        wallSum += wallNs[i];
        calls += callsPerImage[i];
      }
    }
    Arrays.sort(kept);
    return new Summary(calls, ms(cpuSum) / n, ms(percentile(kept, 0.50)), ms(percentile(kept, 0.95)),
        ms(wallSum) / n, calls == 0 ? Double.NaN : ms(cpuSum) / calls);
  }

  /** The nearest-rank percentile of sorted values. */
  private static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /**
   * One stage's figures; times in milliseconds, {@code NaN} where undefined.
   *
   * @param calls how often the stage ran on the measured images
   * @param cpuMsPerImage mean thread CPU per image
   * @param cpuMsP50 median thread CPU per image
   * @param cpuMsP95 95th percentile of thread CPU per image
   * @param wallMsPerImage mean wall time per image
   * @param cpuMsPerCall mean thread CPU per call (per face for per-face stages)
   */
  record Summary(long calls, double cpuMsPerImage, double cpuMsP50, double cpuMsP95, double wallMsPerImage,
      double cpuMsPerCall) {}
}
