package candor.vision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pins down moving landmarks: every point, canonical and dense, and a copy. */
class LandmarksTest {

  @Test
  void translated_moves_every_point_and_keeps_the_original() {
    Landmarks lm = new Landmarks(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new float[] {11, 12});
    Landmarks moved = lm.translated(10, -1);
    assertThat(moved.five()).containsExactly(11, 1, 13, 3, 15, 5, 17, 7, 19, 9);
    assertThat(moved.dense()).containsExactly(21, 11);
    assertThat(lm.five()[0]).isEqualTo(1);
  }
}
