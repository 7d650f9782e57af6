package candor.vision.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import candor.vision.DecodedImage;
import candor.vision.Landmarks;
import candor.vision.TestFaces;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pins down the ArcFace alignment: the template, the identity crop and where landmarks land in the crop. */
class ArcFaceAlignerTest {

  @Test
  void template_is_the_insightface_reference_and_a_copy() {
    float[] t = ArcFaceAligner.template();
    assertThat(t).containsExactly(38.2946f, 51.6963f, 73.5318f, 51.5014f, 56.0252f, 71.7366f,
        41.5493f, 92.3655f, 70.7299f, 92.2041f);
    t[0] = 0;
    assertThat(ArcFaceAligner.template()[0]).isEqualTo(38.2946f);
  }

  @Test
  void landmarks_on_the_template_give_the_identity_crop() {
    long seed = TestFaces.seed();
    BgrPixels image = BgrPixels.of(TestFaces.noise(ArcFaceAligner.SIZE, ArcFaceAligner.SIZE, seed));
    Landmarks onTemplate = Landmarks.ofFive(ArcFaceAligner.template());
    SimilarityTransform t = ArcFaceAligner.transform(onTemplate);
    assertThat(t.scale()).isCloseTo(1, within(1e-9));
    assertThat(t.rotationDegrees()).isCloseTo(0, within(1e-7));
    BgrPixels crop = ArcFaceAligner.align(image, onTemplate);
    assertThat(crop.width()).isEqualTo(112);
    assertThat(crop.height()).isEqualTo(112);
    assertThat(crop.data()).isEqualTo(image.data());
  }

  @Test
  void a_moved_face_lands_on_the_template() {
    // Draw five dots at a random similarity of the template, align, and find the dots on the template.
    Random random = new Random(TestFaces.seed());
    double scale = 1.5 + random.nextDouble() * 2;
    double theta = Math.toRadians(random.nextInt(61) - 30);
    double a = scale * Math.cos(theta);
    double b = scale * Math.sin(theta);
    double tx = 50 + random.nextInt(100);
    double ty = 50 + random.nextInt(100);
    int w = 600;
    int h = 600;
    byte[] data = new byte[w * h * 3];
    float[] tpl = ArcFaceAligner.template();
    float[] five = new float[10];
    // Dots about 4 crop pixels wide whatever the scale: the checked pixel lies up to 0.5 crop
    // pixels from a dot's centre (the template's points rounded), and a fixed 5-pixel dot shrank
    // to 1.4 crop pixels at scale 3.5, where bilinear sampling could read 98.
    int radius = (int) Math.ceil(2 * scale);
    for (int i = 0; i < 5; i++) {
      five[2 * i] = (float) (a * tpl[2 * i] - b * tpl[2 * i + 1] + tx);
      five[2 * i + 1] = (float) (b * tpl[2 * i] + a * tpl[2 * i + 1] + ty);
      int cx = Math.round(five[2 * i]);
      int cy = Math.round(five[2 * i + 1]);
      for (int y = Math.max(0, cy - radius); y <= Math.min(h - 1, cy + radius); y++) {
        for (int x = Math.max(0, cx - radius); x <= Math.min(w - 1, cx + radius); x++) {
          int p = (y * w + x) * 3;
          data[p] = data[p + 1] = data[p + 2] = (byte) 255;
        }
      }
    }
    BgrPixels crop = ArcFaceAligner.align(new BgrPixels(data, w, h), Landmarks.ofFive(five));
    for (int i = 0; i < 5; i++) {
      int x = Math.round(tpl[2 * i]);
      int y = Math.round(tpl[2 * i + 1]);
      assertThat(crop.data()[(y * 112 + x) * 3] & 0xff).as("dot %d at (%d, %d) in the crop", i, x, y).isGreaterThan(100);
    }
  }

  @Test
  void a_large_face_is_halved_before_alignment_and_lands_where_the_small_one_does() {
    // The same face at its size and 4x larger: the large one needs two halvings of a region cut
    // around the face, so this pins the region's origin, the halving and the landmarks' shift.
    DecodedImage small = TestFaces.fixture(1);
    Landmarks lm = TestFaces.pipeline().detect(small).get(0).landmarks();
    BufferedImage large = TestFaces.resize(small.pixels(), 4 * small.width(), 4 * small.height());
    Landmarks lmLarge = lm.scaled(4);
    assertThat(ArcFaceAligner.transform(lmLarge).scale()).isLessThan(0.5);

    BgrPixels expected = ArcFaceAligner.align(BgrPixels.of(small.pixels()), lm);
    BgrPixels halvedFirst = ArcFaceAligner.alignAntiAliased(BgrPixels.of(large), lmLarge);
    BgrPixels shifted = ArcFaceAligner.alignAntiAliased(BgrPixels.of(large), lmLarge.translated(16, 0));

    // plain bilinear sampling of the large face gives 3.0 here: the halving is what brings it down
    assertThat(meanAbsoluteDifference(halvedFirst, expected)).isLessThan(2.5);
    // a face 4 pixels (16 large ones) to the side is visibly another crop
    assertThat(meanAbsoluteDifference(shifted, expected)).isGreaterThan(2 * meanAbsoluteDifference(halvedFirst, expected));
  }

  private static double meanAbsoluteDifference(BgrPixels a, BgrPixels b) {
    long sum = 0;
    for (int i = 0; i < a.data().length; i++) {
      sum += Math.abs((a.data()[i] & 0xff) - (b.data()[i] & 0xff));
    }
    return (double) sum / a.data().length;
  }
}
