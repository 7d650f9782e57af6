package candor.core.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {

  private static final String TABLE = """
      threshold,fmr
      # measured on made-up impostor pairs
      0.10,0.5
      0.20,0.1
      0.30,0.01
      0.40,0.001
      0.50,0
      """;

  private static Calibration parse(String text) throws IOException {
    return Calibration.parse("m", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        "t.csv");
  }

  @Test
  void reads_the_rate_at_a_measured_threshold() throws IOException {
    FalseMatchEstimate e = parse(TABLE).estimate(0.2);
    assertThat(e.fmr()).isEqualTo(0.1);
    assertThat(e.bound()).isEqualTo(FalseMatchEstimate.Bound.ESTIMATE);
  }

  @Test
  void interpolates_between_thresholds_in_log_fmr() throws IOException {
    // halfway between 0.01 and 0.001 in log space is sqrt(1e-5)
    FalseMatchEstimate e = parse(TABLE).estimate(0.35);
    assertThat(e.fmr()).isCloseTo(Math.sqrt(1e-5), within(1e-9));
    assertThat(e.toString()).isEqualTo("3.2e-03");
  }

  @Test
  void reports_below_the_last_positive_rate_past_the_table() throws IOException {
    FalseMatchEstimate e = parse(TABLE).estimate(0.45);
    assertThat(e.bound()).isEqualTo(FalseMatchEstimate.Bound.BELOW);
    assertThat(e.fmr()).isEqualTo(0.001);
    assertThat(e.toString()).isEqualTo("below 1.0e-03");
  }

  @Test
  void reports_at_least_the_first_rate_before_the_table() throws IOException {
    FalseMatchEstimate e = parse(TABLE).estimate(-0.2);
    assertThat(e.bound()).isEqualTo(FalseMatchEstimate.Bound.AT_LEAST);
    assertThat(e.toString()).isEqualTo("at least 5.0e-01");
  }

  @Test
  void finds_the_score_of_a_rate_as_the_inverse_of_the_estimate() throws IOException {
    Calibration c = parse(TABLE);
    assertThat(c.scoreAt(0.01)).hasValue(0.30);
    // halfway between 0.30 and 0.40 in log(FMR), as the estimate interpolates
    assertThat(c.scoreAt(Math.sqrt(1e-5)).getAsDouble()).isCloseTo(0.35, within(1e-12));
    assertThat(c.estimate(c.scoreAt(2e-3).getAsDouble()).fmr()).isCloseTo(2e-3, within(1e-15));
  }

  @Test
  void has_no_score_for_a_rate_outside_the_table() throws IOException {
    Calibration c = parse(TABLE);
    assertThat(c.scoreAt(0.5)).hasValue(0.10);
    assertThat(c.scoreAt(0.6)).isEmpty();
    assertThat(c.scoreAt(1e-4)).isEmpty();
    assertThatThrownBy(() -> c.scoreAt(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fmr must be in (0, 1], got 0.0");
  }

  @Test
  void refuses_thresholds_that_do_not_increase() {
    assertThatThrownBy(() -> parse("0.3,0.1\n0.2,0.05\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("t.csv line 2: thresholds must increase, got 0.2 after 0.3");
  }

  @Test
  void refuses_rates_that_increase() {
    assertThatThrownBy(() -> parse("0.1,0.1\n0.2,0.5\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("t.csv line 2: fmr must not increase with the threshold, got 0.5 after 0.1");
  }

  @Test
  void refuses_text_after_the_header() {
    assertThatThrownBy(() -> parse("threshold,fmr\n0.1,0.1\nx,y\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("t.csv line 3: expected numbers, got 'x,y'");
  }

  @Test
  void the_shipped_table_of_edgeface_xs_templates_loads_and_is_stricter_at_the_same_score() {
    Calibration edgeface = Calibration.forModel("edgeface-xs-512-rgb-c598d71f").orElseThrow();
    assertThat(edgeface.estimate(0.42).fmr()).isEqualTo(3.350e-06);
    assertThat(edgeface.estimate(0.42).fmr()).isLessThan(
        Calibration.forModel("mbf512-bgr-87aacdfe").orElseThrow().estimate(0.42).fmr());
    assertThat(Calibration.forModel("edgeface-xxs-512-rgb-e6e6f39c")).isEmpty();
  }

  @Test
  void the_shipped_table_of_the_default_model_loads() {
    Calibration shipped = Calibration.forModel("mbf512-bgr-87aacdfe").orElseThrow();
    assertThat(shipped.estimate(0.42).fmr()).isEqualTo(8.917e-05);
    assertThat(shipped.estimate(0.2).fmr()).isGreaterThan(shipped.estimate(0.3).fmr());
    assertThat(shipped.estimate(0.99).bound()).isEqualTo(FalseMatchEstimate.Bound.BELOW);
  }

  @Test
  void reads_an_installed_packs_table_from_the_model_store(@TempDir Path store)
      throws IOException {
    assertThat(Calibration.forModel("edge-512", store)).isEmpty();
    Files.writeString(store.resolve("edge-512.csv"), "threshold,fmr\n0.2,0.01\n0.3,0.001\n");
    assertThat(Calibration.forModel("edge-512", store).orElseThrow().estimate(0.3).fmr()).isEqualTo(0.001);
    // the shipped table wins over a store file of the same model
    Files.writeString(store.resolve("mbf512-bgr-87aacdfe.csv"), "0.1,0.5\n");
    assertThat(Calibration.forModel("mbf512-bgr-87aacdfe", store).orElseThrow().estimate(0.42).fmr())
        .isEqualTo(8.917e-05);
    assertThat(Calibration.forModel("../x", store)).isEmpty();
  }

  @Test
  void has_no_table_for_an_unknown_model() {
    assertThat(Calibration.forModel("no-such-model")).isEmpty();
    assertThat(Calibration.forModel("../../etc/passwd")).isEmpty();
  }
}
