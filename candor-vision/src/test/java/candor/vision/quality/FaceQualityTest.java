package candor.vision.quality;

import static org.assertj.core.api.Assertions.assertThat;

import candor.vision.BoundingBox;
import candor.vision.DecodedImage;
import candor.vision.Face;
import candor.vision.QualityReason;
import candor.vision.TestFaces;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins down pose and quality on real faces: frontal, mirrored, blurred, darkened and tiny. */
class FaceQualityTest {
  /** sample3 holds the most frontal fixture face (yaw about 14, pitch about -2). */
  private static final int FRONTAL_FIXTURE = 3;

  private static Face mostFrontal(List<Face> faces) {
    return faces.stream().min(Comparator.comparingDouble(f -> f.pose().maxAngle())).orElseThrow();
  }

  private static Face sameFace(List<Face> faces, BoundingBox where) {
    Face f = TestFaces.bestMatch(faces, where);
    assertThat(f).as("the face at %s", where).isNotNull();
    assertThat(f.box().iou(where)).as("%s vs %s", f.box(), where).isGreaterThan(0.5f);
    return f;
  }

  @Test
  void a_frontal_face_has_small_yaw_and_no_extreme_pose() {
    Face f = mostFrontal(TestFaces.pipeline().detect(TestFaces.fixture(FRONTAL_FIXTURE)));
    assertThat(Math.abs(f.pose().yaw())).isLessThan(30f);
    assertThat(Math.abs(f.pose().pitch())).isLessThan(30f);
    assertThat(f.quality().reasons()).doesNotContain(QualityReason.EXTREME_POSE, QualityReason.LOW_SHARPNESS,
        QualityReason.LOW_BRIGHTNESS, QualityReason.SMALL_BOUNDING_BOX);
  }

  @Test
  void mirroring_the_photo_flips_the_sign_of_yaw() {
    int checked = 0;
    for (int n = 1; n <= 6; n++) {
      BufferedImage photo = TestFaces.fixture(n).pixels();
      List<Face> mirrored = TestFaces.pipeline().detect(TestFaces.decoded(TestFaces.mirrored(photo)));
      for (Face f : TestFaces.pipeline().detect(TestFaces.fixture(n))) {
        if (Math.abs(f.pose().yaw()) < 15) {
          continue; // near frontal: the sign is noise
        }
        checked++;
        float x = photo.getWidth() - f.box().right();
        Face m = sameFace(mirrored, new BoundingBox(x, f.box().y(), f.box().width(), f.box().height()));
        assertThat(Math.signum(m.pose().yaw())).as("sample%d yaw %.0f, mirrored %.0f", n, f.pose().yaw(), m.pose().yaw())
            .isEqualTo(-Math.signum(f.pose().yaw()));
      }
    }
    assertThat(checked).as("fixture faces with |yaw| >= 15").isGreaterThanOrEqualTo(8);
  }

  @Test
  void a_blurred_face_is_low_sharpness() {
    DecodedImage photo = TestFaces.fixture(FRONTAL_FIXTURE);
    Face sharp = mostFrontal(TestFaces.pipeline().detect(photo));
    List<Face> blurred = TestFaces.pipeline().detect(TestFaces.decoded(TestFaces.boxBlurred(photo.pixels(), 3)));
    Face f = sameFace(blurred, sharp.box());
    assertThat(f.quality().reasons()).contains(QualityReason.LOW_SHARPNESS);
    assertThat(f.quality().score()).isLessThan(sharp.quality().score());
  }

  @Test
  void a_darkened_face_is_low_brightness() {
    DecodedImage photo = TestFaces.fixture(FRONTAL_FIXTURE);
    Face bright = mostFrontal(TestFaces.pipeline().detect(photo));
    List<Face> dark = TestFaces.pipeline().detect(TestFaces.decoded(TestFaces.darkened(photo.pixels(), 0.25)));
    Face f = sameFace(dark, bright.box());
    assertThat(f.quality().reasons()).contains(QualityReason.LOW_BRIGHTNESS);
    assertThat(f.quality().score()).isLessThan(bright.quality().score());
  }

  @Test
  void a_tiny_face_is_a_small_bounding_box() {
    DecodedImage photo = TestFaces.fixture(FRONTAL_FIXTURE);
    Face full = mostFrontal(TestFaces.pipeline().detect(photo));
    double s = 0.35; // eye distance about 38 px becomes about 13, the box about 40 px high
    BufferedImage small = TestFaces.resize(photo.pixels(), (int) Math.round(photo.width() * s),
        (int) Math.round(photo.height() * s));
    Face f = sameFace(TestFaces.pipeline().detect(TestFaces.decoded(small)), full.box().scaled(s));
    assertThat(f.quality().reasons()).contains(QualityReason.SMALL_BOUNDING_BOX);
  }
}
