package candor.core.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StrictThresholdTest {

  static final String MODEL = "mbf512-bgr-87aacdfe";

  @Test
  void the_default_rate_reads_between_the_shipped_rows_that_bracket_it() {
    StrictThreshold t = StrictThreshold.forModel(MODEL, StrictThreshold.DEFAULT_MAX_FMR);
    // rows 0.47 -> 1.464e-5 and 0.48 -> 9.226e-6, log-linear between them
    double expected = 0.47 + 0.01 * Math.log(1e-5 / 1.464e-5) / Math.log(9.226e-6 / 1.464e-5);
    assertThat(t.score()).isCloseTo(expected, within(1e-9)).isBetween(0.477, 0.479);
    assertThat(Calibration.forModel(MODEL).orElseThrow().estimate(t.score()).fmr())
        .isCloseTo(1e-5, within(1e-9));
    assertThat(t.reached(0.48)).isTrue();
    assertThat(t.reached(0.47)).isFalse();
  }

  @Test
  void a_model_without_calibration_or_a_rate_outside_the_table_is_refused() {
    assertThatThrownBy(() -> StrictThreshold.forModel("no-such-model", 1e-5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model no-such-model has no calibration table: a strict threshold cannot be"
            + " chosen for it");
    assertThatThrownBy(() -> StrictThreshold.forModel(MODEL, 1e-12))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a false match rate of 1.0e-12 is outside what the calibration of model"
            + " mbf512-bgr-87aacdfe measured");
    assertThatThrownBy(() -> StrictThreshold.forModel(MODEL, 0))
        .hasMessage("the false match rate must be in (0, 1], got 0.0");
  }
}
