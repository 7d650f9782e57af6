package candor.vision.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import candor.vision.BoundingBox;
import candor.vision.DecodedImage;
import candor.vision.DetectedFace;
import candor.vision.Device;
import candor.vision.Face;
import candor.vision.TestFaces;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins down the zoomed-out pass with the default pack's RFB-320: as a rescue it changes nothing
 * where the regular passes find faces that do not fill the photo, and it finds faces that fill
 * the photo.
 */
class ZoomOutTest {
  private static final String SHA = "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854";
  private static RfbDetector plain;
  private static RfbDetector rescue;

  @BeforeAll
  static void open() {
    plain = new RfbDetector(model(), 0.8f, 24, ZoomOut.NONE);
    rescue = new RfbDetector(model(), 0.8f, 24, new ZoomOut(0.5, false));
  }

  private static OnnxModel model() {
    return new OnnxModel(TestFaces.modelsDir().resolve("fr_detect.onnx"), SHA, RfbDetector.INPUT_SHAPE, 1, Device.CPU);
  }

  @AfterAll
  static void close() {
    plain.close();
    rescue.close();
  }

  @Test
  void a_rescue_pass_leaves_group_photos_as_they_were() {
    for (int n = 1; n <= 6; n++) {
      DecodedImage photo = TestFaces.fixture(n);
      assertThat(rescue.detect(photo)).as("sample%d", n).isEqualTo(plain.detect(photo));
    }
  }

  @Test
  void finds_faces_that_fill_the_photo() {
    DecodedImage photo = TestFaces.fixture(2);
    int found = 0;
    for (Face f : TestFaces.pipeline().detect(photo)) {
      BoundingBox b = f.box();
      // the face box only, scaled up to fill a 300-pixel photo, as in CFP's photos: larger than
      // RFB-320's largest anchors
      int side = Math.round(Math.max(b.width(), b.height()));
      BufferedImage crop = TestFaces.crop(photo.pixels(), Math.round(b.centerX() - side / 2f),
          Math.round(b.centerY() - side / 2f), side, side);
      List<DetectedFace> faces = rescue.detect(TestFaces.decoded(TestFaces.resize(crop, 300, 300)));
      if (!faces.isEmpty() && faces.get(0).box().area() > 0.25f * 300 * 300) {
        found++;
      }
    }
    assertThat(found).isEqualTo(TestFaces.FACES_PER_FIXTURE[1]);
  }

  @Test
  void a_rescue_pass_runs_after_no_face_or_a_face_that_fills_the_photo() {
    ZoomOut pass = new ZoomOut(0.5, false);
    DetectedFace half = face(100);
    DetectedFace threeQuarters = face(150);
    DetectedFace most = face(160);

    assertThat(pass.runsAfter(List.of(), 200)).isTrue();
    assertThat(pass.runsAfter(List.of(half), 200)).isFalse();
    assertThat(pass.runsAfter(List.of(threeQuarters), 200)).isTrue();
    assertThat(pass.runsAfter(List.of(half, most), 200)).isTrue();
    assertThat(new ZoomOut(0.5, true).runsAfter(List.of(half), 200)).isTrue();
    assertThat(ZoomOut.NONE.runsAfter(List.of(), 200)).isFalse();
  }

  private static DetectedFace face(float height) {
    return new DetectedFace(new BoundingBox(10, 10, height * 0.8f, height), 0.99f, java.util.Optional.empty());
  }

  @Test
  void rejects_a_fraction_outside_the_window() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ZoomOut(1, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("zoom-out fraction must be 0 or in (0, 1), got 1.0");
  }
}
