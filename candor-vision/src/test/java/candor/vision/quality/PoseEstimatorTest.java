package candor.vision.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import candor.vision.Landmarks;
import candor.vision.Pose;
import candor.vision.TestFaces;
import candor.vision.align.ArcFaceAligner;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pins down pose from landmark geometry: frontal template, roll, invariance to similarity, and mirror symmetry. */
class PoseEstimatorTest {

  private static Landmarks moved(float[] five, double degrees, double scale, double tx, double ty) {
    double c = scale * Math.cos(Math.toRadians(degrees));
    double s = scale * Math.sin(Math.toRadians(degrees));
    float[] out = new float[10];
    for (int i = 0; i < 10; i += 2) {
      out[i] = (float) (c * five[i] - s * five[i + 1] + tx);
      out[i + 1] = (float) (s * five[i] + c * five[i + 1] + ty);
    }
    return Landmarks.ofFive(out);
  }

  /** The mirror image of five points about x = 0: left and right swap places and roles. */
  private static Landmarks mirrored(float[] f) {
    return Landmarks.ofFive(new float[] {-f[2], f[3], -f[0], f[1], -f[4], f[5], -f[8], f[9], -f[6], f[7]});
  }

  @Test
  void the_arcface_template_is_frontal() {
    Pose p = PoseEstimator.estimate(Landmarks.ofFive(ArcFaceAligner.template()));
    // the width cue has a floor: the template's eye/face-height ratio (0.866) against the
    // estimator's frontal 0.87 reads as acos(0.866 / 0.87) = 5.4 degrees of yaw
    assertThat(Math.abs(p.yaw())).isLessThan(6f);
    assertThat(Math.abs(p.pitch())).isLessThan(2f);
    assertThat(Math.abs(p.roll())).isLessThan(0.5f);
  }

  @Test
  void roll_is_the_slope_of_the_eye_line_and_yaw_and_pitch_ignore_it() {
    Random random = new Random(TestFaces.seed());
    float[] tpl = ArcFaceAligner.template();
    // a turned head: on the frontal template the yaw's sign follows a nose offset of zero, i.e. noise
    tpl[4] -= 6;
    Pose upright = PoseEstimator.estimate(Landmarks.ofFive(tpl));
    for (int trial = 0; trial < 20; trial++) {
      double degrees = random.nextInt(121) - 60;
      double scale = 0.2 + 5 * random.nextDouble();
      Pose p = PoseEstimator.estimate(moved(tpl, degrees, scale, random.nextInt(2000), random.nextInt(2000)));
      // float landmarks thousands of pixels from the origin carry ~1e-3 px of rounding: allow 0.01 degrees
      assertThat((double) p.roll()).as("turned by %.0f", degrees).isCloseTo(degrees + upright.roll(), within(0.01));
      assertThat(p.yaw()).isCloseTo(upright.yaw(), within(0.01f));
      assertThat(p.pitch()).isCloseTo(upright.pitch(), within(0.01f));
    }
  }

  @Test
  void a_nose_to_the_image_left_is_positive_yaw_and_its_mirror_negative() {
    float[] f = ArcFaceAligner.template();
    f[4] -= 12; // nose tip a third of the eye distance to the image's left: the head turns that way
    Pose turned = PoseEstimator.estimate(Landmarks.ofFive(f));
    Pose mirror = PoseEstimator.estimate(mirrored(f));
    assertThat(turned.yaw()).isBetween(20f, 40f);
    assertThat(mirror.yaw()).isCloseTo(-turned.yaw(), within(1e-3f));
    assertThat(mirror.pitch()).isCloseTo(turned.pitch(), within(1e-3f));
    assertThat(mirror.roll()).isCloseTo(-turned.roll(), within(1e-3f));
  }

  @Test
  void a_nose_near_the_eyes_is_looking_up() {
    float[] f = ArcFaceAligner.template();
    f[5] -= 8; // nose tip closer to the eye line
    assertThat(PoseEstimator.estimate(Landmarks.ofFive(f)).pitch()).isGreaterThan(15f);
    f[5] += 16; // closer to the mouth
    assertThat(PoseEstimator.estimate(Landmarks.ofFive(f)).pitch()).isLessThan(-15f);
  }

  @Test
  void max_angle_is_the_largest_magnitude() {
    assertThat(new Pose(10, -40, 20).maxAngle()).isEqualTo(40f);
    assertThat(new Pose(-50, 0, 20).maxAngle()).isEqualTo(50f);
  }
}
