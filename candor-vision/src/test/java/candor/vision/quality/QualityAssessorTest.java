package candor.vision.quality;

import static org.assertj.core.api.Assertions.assertThat;

import candor.vision.Pose;
import candor.vision.Quality;
import candor.vision.QualityReason;
import candor.vision.TestFaces;
import candor.vision.align.BgrPixels;
import java.awt.Color;
import org.junit.jupiter.api.Test;

/** Pins down each quality reason's threshold and that the score falls with each defect. */
class QualityAssessorTest {
  private static final Pose FRONTAL = new Pose(0, 0, 0);

  /** A sharp, mid-bright crop: seeded noise. */
  private static BgrPixels sharp() {
    return BgrPixels.of(TestFaces.noise(112, 112, TestFaces.seed()));
  }

  private static BgrPixels plain(int grey) {
    return BgrPixels.of(TestFaces.plain(112, 112, new Color(grey, grey, grey)));
  }

  @Test
  void a_good_face_has_no_reasons_and_a_high_score() {
    Quality q = QualityAssessor.assess(sharp(), 60, FRONTAL, 0.99f);
    assertThat(q.reasons()).isEmpty();
    assertThat(q.score()).isGreaterThan(0.95f).isLessThanOrEqualTo(1f);
  }

  @Test
  void flat_crop_is_low_sharpness() {
    Quality q = QualityAssessor.assess(plain(128), 60, FRONTAL, 0.99f);
    assertThat(q.reasons()).containsExactly(QualityReason.LOW_SHARPNESS);
    assertThat(QualityAssessor.laplacianVariance(plain(128))).isZero();
  }

  @Test
  void dark_crop_is_low_brightness() {
    BgrPixels dark = BgrPixels.of(TestFaces.darkened(TestFaces.noise(112, 112, TestFaces.seed()), 0.2));
    Quality q = QualityAssessor.assess(dark, 60, FRONTAL, 0.99f);
    assertThat(q.reasons()).contains(QualityReason.LOW_BRIGHTNESS);
  }

  @Test
  void eyes_closer_than_20_px_are_a_small_bounding_box() {
    assertThat(QualityAssessor.assess(sharp(), 19.9, FRONTAL, 0.99f).reasons())
        .containsExactly(QualityReason.SMALL_BOUNDING_BOX);
    assertThat(QualityAssessor.assess(sharp(), 20, FRONTAL, 0.99f).reasons()).isEmpty();
  }

  @Test
  void yaw_past_45_or_pitch_past_30_is_an_extreme_pose() {
    assertThat(QualityAssessor.assess(sharp(), 60, new Pose(46, 0, 0), 0.99f).reasons())
        .containsExactly(QualityReason.EXTREME_POSE);
    assertThat(QualityAssessor.assess(sharp(), 60, new Pose(-46, 0, 0), 0.99f).reasons())
        .containsExactly(QualityReason.EXTREME_POSE);
    assertThat(QualityAssessor.assess(sharp(), 60, new Pose(0, -31, 0), 0.99f).reasons())
        .containsExactly(QualityReason.EXTREME_POSE);
    assertThat(QualityAssessor.assess(sharp(), 60, new Pose(44, 29, 80), 0.99f).reasons())
        .as("roll is undone by alignment").isEmpty();
  }

  @Test
  void a_detector_score_below_0_85_is_low_confidence() {
    assertThat(QualityAssessor.assess(sharp(), 60, FRONTAL, 0.84f).reasons())
        .containsExactly(QualityReason.LOW_CONFIDENCE);
  }

  @Test
  void every_defect_lowers_the_score_and_it_stays_in_range() {
    BgrPixels good = sharp();
    float best = QualityAssessor.assess(good, 60, FRONTAL, 1f).score();
    assertThat(QualityAssessor.assess(good, 10, FRONTAL, 1f).score()).isLessThan(best);
    assertThat(QualityAssessor.assess(plain(128), 60, FRONTAL, 1f).score()).isLessThan(best);
    assertThat(QualityAssessor.assess(good, 60, new Pose(60, 0, 0), 1f).score()).isLessThan(best);
    assertThat(QualityAssessor.assess(good, 60, FRONTAL, 0.5f).score()).isLessThan(best);
    Quality worst = QualityAssessor.assess(plain(0), 1, new Pose(90, 90, 0), 0f);
    assertThat(worst.score()).isBetween(0f, 0.05f);
    assertThat(worst.reasons()).containsExactly(QualityReason.SMALL_BOUNDING_BOX, QualityReason.LOW_SHARPNESS,
        QualityReason.EXTREME_POSE, QualityReason.LOW_BRIGHTNESS, QualityReason.LOW_CONFIDENCE);
  }
}
