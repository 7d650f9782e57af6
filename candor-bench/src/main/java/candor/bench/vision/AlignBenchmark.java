package candor.bench.vision;

import candor.vision.Landmarks;
import candor.vision.align.ArcFaceAligner;
import candor.vision.align.BgrPixels;
import candor.vision.align.SimilarityTransform;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmark of alignment on one LFW-size face: {@link SimilarityTransform#fit} of the five
 * landmarks onto the ArcFace template alone, and {@link ArcFaceAligner#align} (the fit plus the
 * bilinear warp into the 112x112 crop). Average time per call in microseconds.
 *
 * <p>The image is 250x250 BGR noise from a fixed seed: the warp's cost does not depend on pixel
 * values, and noise needs no data set. The five points are the mean landmarks the default pipeline
 * found on 300 LFW images (eyes 39 px apart, so the crop scales by about 0.87 and the pipeline's
 * {@link ArcFaceAligner#alignAntiAliased} takes the plain align path, without halvings).
 *
 * <p>The annotations give a short default run (one fork, 2 warm-up and 3 measured iterations of
 * one second). Build, then run from the project root:
 *
 * <pre>{@code
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * ./mvnw -B -q -o -pl candor-bench -am package -DskipTests
 * $JAVA_HOME/bin/java -cp 'candor-bench/target/candor-bench-0.1.0-SNAPSHOT.jar:candor-bench/target/lib/*' \
 *     org.openjdk.jmh.Main AlignBenchmark -f 1 -wi 2 -i 3
 * }</pre>
 *
 * <p>Not {@code final}: JMH generates subclasses of benchmark classes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AlignBenchmark {
  /** Side of an LFW image in pixels. */
  static final int LFW_SIDE = 250;
  /** Seed of the noise image; fixed so every run warps the same bytes. */
  static final long SEED = 20_261_126L;
  /**
   * Mean of the default pipeline's five landmarks over 300 LFW images spread through the sorted
   * file list, in pixels of the 250x250 image: left eye, right eye, nose tip, mouth corners.
   */
  static final float[] LFW_MEAN_FIVE = {
    105.1f, 112.2f,
    144.5f, 111.3f,
    124.8f, 135.9f,
    108.9f, 158.0f,
    142.4f, 157.2f
  };

  private BgrPixels image;
  private Landmarks landmarks;
  private float[] five;
  private float[] template;

  /** Creates the noise image and the landmarks once per fork. */
  @Setup
  public void setUp() {
    byte[] pixels = new byte[LFW_SIDE * LFW_SIDE * 3];
    new SplittableRandom(SEED).nextBytes(pixels);
    image = new BgrPixels(pixels, LFW_SIDE, LFW_SIDE);
    landmarks = Landmarks.ofFive(LFW_MEAN_FIVE);
    five = LFW_MEAN_FIVE.clone();
    template = ArcFaceAligner.template();
  }

  /** The least-squares similarity from the five points to the template. */
  @Benchmark
  public SimilarityTransform fit() {
    return SimilarityTransform.fit(five, template);
  }

  /** The whole alignment: the fit, its inverse and the 112x112 bilinear warp. */
  @Benchmark
  public BgrPixels align() {
    return ArcFaceAligner.align(image, landmarks);
  }
}
