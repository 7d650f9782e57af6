package candor.bench.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import candor.vision.Landmarks;
import candor.vision.align.ArcFaceAligner;
import candor.vision.align.SimilarityTransform;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pins down the study's crop variants: moving the landmarks gives the shipped alignment, then the zoom and shift. */
class PoseStudyTest {

  @Test
  void varied_landmarks_align_as_the_shipped_crop_zoomed_and_shifted() {
    Random random = new Random(7); // any points do: the property is exact
    float[] five = new float[10];
    float[] tpl = ArcFaceAligner.template();
    for (int i = 0; i < 10; i++) {
      // a face about 2x the template, somewhere in a photo, with its points a little off the template
      five[i] = (float) (2 * tpl[i] + 150 + random.nextGaussian() * 3);
    }
    Landmarks lm = Landmarks.ofFive(five);
    SimilarityTransform shipped = ArcFaceAligner.transform(lm);
    PoseStudy.Variant v = new PoseStudy.Variant("test", 0.9, 4, 6);
    double c = ArcFaceAligner.SIZE / 2.0;

    for (double yawSign : new double[] {1, -1}) {
      SimilarityTransform t = ArcFaceAligner.transform(PoseStudy.varied(lm, v, yawSign));
      double[] p = {five[4], five[5]}; // the nose tip
      double[] q = shipped.apply(p[0], p[1]);
      double[] expected = {0.9 * (q[0] - c) + c + 4 * yawSign, 0.9 * (q[1] - c) + c + 6};
      double[] actual = t.apply(p[0], p[1]);
      assertThat(actual[0]).isCloseTo(expected[0], within(1e-3));
      assertThat(actual[1]).isCloseTo(expected[1], within(1e-3));
      assertThat(t.scale()).isCloseTo(0.9 * shipped.scale(), within(1e-6));
      assertThat(t.rotationDegrees()).isCloseTo(shipped.rotationDegrees(), within(1e-4));
    }
    assertThat(PoseStudy.varied(lm, PoseStudy.VARIANTS.get(0), 1)).isSameAs(lm);
  }
}
