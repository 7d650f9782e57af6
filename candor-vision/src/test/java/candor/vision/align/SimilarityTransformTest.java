package candor.vision.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import candor.vision.TestFaces;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pins down the Umeyama similarity fit: exact recovery, its inverse, its accessors and its argument checks. */
class SimilarityTransformTest {

  /** Applies (a, b, tx, ty) to x,y pairs, in double, rounded to float as the API takes them. */
  private static float[] apply(float[] pts, double a, double b, double tx, double ty) {
    float[] out = new float[pts.length];
    for (int i = 0; i < pts.length; i += 2) {
      out[i] = (float) (a * pts[i] - b * pts[i + 1] + tx);
      out[i + 1] = (float) (b * pts[i] + a * pts[i + 1] + ty);
    }
    return out;
  }

  /**
   * With the template on a quarter-pixel grid and the similarity's a, b, tx and ty multiples of
   * 1/64, every mapped point is exact in float, so the fit must recover the similarity to rounding.
   */
  @Test
  void recovers_a_random_similarity_exactly_when_the_points_are_exact() {
    Random random = new Random(TestFaces.seed());
    float[] src = ArcFaceAligner.template();
    for (int i = 0; i < src.length; i++) {
      src[i] = Math.round(src[i] * 4) / 4f;
    }
    for (int trial = 0; trial < 100; trial++) {
      double a = (random.nextInt(257) - 128) / 64.0;
      double b = (random.nextInt(257) - 128) / 64.0;
      if (a == 0 && b == 0) {
        continue;
      }
      double tx = (random.nextInt(64 * 512) - 64 * 256) / 64.0;
      double ty = (random.nextInt(64 * 512) - 64 * 256) / 64.0;
      SimilarityTransform t = SimilarityTransform.fit(src, apply(src, a, b, tx, ty));
      assertThat(t.a()).isCloseTo(a, within(1e-9));
      assertThat(t.b()).isCloseTo(b, within(1e-9));
      assertThat(t.tx()).isCloseTo(tx, within(1e-9));
      assertThat(t.ty()).isCloseTo(ty, within(1e-9));
    }
  }

  /**
   * On the exact template the mapped points are rounded to float (up to 3e-5 px at 500 px), which
   * bounds how closely the parameters come back.
   */
  @Test
  void recovers_a_random_similarity_of_the_template_up_to_float_rounding() {
    Random random = new Random(TestFaces.seed());
    float[] src = ArcFaceAligner.template();
    for (int trial = 0; trial < 100; trial++) {
      double scale = 0.25 + 4 * random.nextDouble();
      double theta = (2 * random.nextDouble() - 1) * Math.PI;
      double tx = (2 * random.nextDouble() - 1) * 500;
      double ty = (2 * random.nextDouble() - 1) * 500;
      double a = scale * Math.cos(theta);
      double b = scale * Math.sin(theta);
      SimilarityTransform t = SimilarityTransform.fit(src, apply(src, a, b, tx, ty));
      assertThat(t.a()).isCloseTo(a, within(1e-5));
      assertThat(t.b()).isCloseTo(b, within(1e-5));
      assertThat(t.tx()).isCloseTo(tx, within(1e-3));
      assertThat(t.ty()).isCloseTo(ty, within(1e-3));
      assertThat(t.scale()).isCloseTo(scale, within(1e-5));
      double turn = t.rotationDegrees() - Math.toDegrees(theta);
      assertThat(Math.IEEEremainder(turn, 360)).as("rotation, modulo a full turn").isCloseTo(0, within(1e-3));
    }
  }

  @Test
  void fits_the_least_squares_similarity_when_points_are_noisy() {
    // Umeyama's optimum has zero mean residual: the centroids map onto each other exactly
    Random random = new Random(TestFaces.seed());
    float[] src = ArcFaceAligner.template();
    float[] dst = apply(src, 1.5, 0.4, 20, -10);
    for (int i = 0; i < dst.length; i++) {
      dst[i] += (float) random.nextGaussian();
    }
    SimilarityTransform t = SimilarityTransform.fit(src, dst);
    double rx = 0;
    double ry = 0;
    for (int i = 0; i < 5; i++) {
      double[] p = t.apply(src[2 * i], src[2 * i + 1]);
      rx += p[0] - dst[2 * i];
      ry += p[1] - dst[2 * i + 1];
    }
    assertThat(rx).isCloseTo(0, within(1e-4));
    assertThat(ry).isCloseTo(0, within(1e-4));
  }

  @Test
  void inverse_matrix_composes_to_identity() {
    Random random = new Random(TestFaces.seed());
    for (int trial = 0; trial < 100; trial++) {
      double scale = 0.1 + 5 * random.nextDouble();
      double theta = (2 * random.nextDouble() - 1) * Math.PI;
      SimilarityTransform t = new SimilarityTransform(scale * Math.cos(theta), scale * Math.sin(theta),
          (2 * random.nextDouble() - 1) * 1000, (2 * random.nextDouble() - 1) * 1000);
      double[] m = t.inverseMatrix();
      // linear parts: inverse * forward = I
      double[][] fwd = {{t.a(), -t.b()}, {t.b(), t.a()}};
      assertThat(m[0] * fwd[0][0] + m[1] * fwd[1][0]).isCloseTo(1, within(1e-12));
      assertThat(m[0] * fwd[0][1] + m[1] * fwd[1][1]).isCloseTo(0, within(1e-12));
      assertThat(m[3] * fwd[0][0] + m[4] * fwd[1][0]).isCloseTo(0, within(1e-12));
      assertThat(m[3] * fwd[0][1] + m[4] * fwd[1][1]).isCloseTo(1, within(1e-12));
      // points: inverse(forward(p)) = p
      double x = random.nextDouble() * 4000;
      double y = random.nextDouble() * 3000;
      double[] p = t.apply(x, y);
      assertThat(m[0] * p[0] + m[1] * p[1] + m[2]).isCloseTo(x, within(1e-8));
      assertThat(m[3] * p[0] + m[4] * p[1] + m[5]).isCloseTo(y, within(1e-8));
    }
  }

  @Test
  void identity_on_identical_point_sets() {
    float[] pts = ArcFaceAligner.template();
    SimilarityTransform t = SimilarityTransform.fit(pts, pts);
    assertThat(t.a()).isCloseTo(1, within(1e-9));
    assertThat(t.b()).isCloseTo(0, within(1e-9));
    assertThat(t.tx()).isCloseTo(0, within(1e-6));
    assertThat(t.ty()).isCloseTo(0, within(1e-6));
  }

  @Test
  void rejects_fewer_than_two_pairs_and_mismatched_counts() {
    assertThatThrownBy(() -> SimilarityTransform.fit(new float[] {1, 2}, new float[] {3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need at least 2 matching point pairs, got 2 and 2 values");
    assertThatThrownBy(() -> SimilarityTransform.fit(new float[] {1, 2, 3, 4}, new float[] {1, 2, 3, 4, 5, 6}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need at least 2 matching point pairs, got 4 and 6 values");
  }

  @Test
  void rejects_identical_source_points() {
    assertThatThrownBy(() -> SimilarityTransform.fit(new float[] {5, 5, 5, 5}, new float[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("source points are all identical");
  }
}
