package candor.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Pins the interval arithmetic against values worked out by hand (closed forms at 0 and n errors)
 * and against the beta-quantile form of Clopper-Pearson as statistics packages compute it
 * (scipy.stats.beta.ppf).
 */
class BinomialIntervalTest {

  private static final BinomialInterval CP = BinomialInterval.CLOPPER_PEARSON;
  private static final BinomialInterval WILSON = BinomialInterval.WILSON;

  private static Offset<Double> relative(double value) {
    return within(Math.abs(value) * 1e-8);
  }

  @Test
  void clopper_pearson_at_zero_and_all_errors_has_the_closed_form() {
    // no error in n trials: the upper bound solves (1 - p)^n = 0.025
    assertThat(CP.bounds(0, 10).lower()).isZero();
    assertThat(CP.bounds(0, 10).upper()).isCloseTo(1 - Math.pow(0.025, 1 / 10.0), relative(0.3085));
    assertThat(CP.bounds(10, 10).lower()).isCloseTo(Math.pow(0.025, 1 / 10.0), relative(0.6915));
    assertThat(CP.bounds(10, 10).upper()).isEqualTo(1.0);
    // the "rule of three" regime: a million impostor pairs without a false match
    assertThat(CP.bounds(0, 1_000_000).upper()).isCloseTo(3.68887265e-06, relative(3.7e-6));
  }

  @Test
  void clopper_pearson_matches_the_beta_quantiles() {
    double[][] cases = { // errors, trials, lower, upper
        {1, 10, 0.002528578544, 0.445016117},
        {5, 10, 0.1870860284, 0.8129139716},
        {3, 124, 0.005017353447, 0.06907613709},
        {1, 10_000, 2.531777593e-06, 0.0005570369979},
        {50, 5_000_000, 7.422201572e-06, 1.318373235e-05},
        {2_500, 10_000, 0.2415368762, 0.2586089461},
    };
    for (double[] c : cases) {
      BinomialInterval.Bounds b = CP.bounds((long) c[0], (long) c[1]);
      assertThat(b.lower()).as("lower of %s/%s", c[0], c[1]).isCloseTo(c[2], within(c[2] * 1e-8));
      assertThat(b.upper()).as("upper of %s/%s", c[0], c[1]).isCloseTo(c[3], within(c[3] * 1e-8));
    }
  }

  @Test
  void wilson_matches_its_closed_form() {
    // k = 0: upper = z^2 / (n + z^2)
    double z2 = BinomialInterval.Z * BinomialInterval.Z;
    assertThat(WILSON.bounds(0, 10).upper()).isCloseTo(z2 / (10 + z2), within(1e-15));
    assertThat(WILSON.bounds(0, 10).lower()).isZero();
    assertThat(WILSON.bounds(5, 10).lower()).isCloseTo(0.2365930905, within(1e-9));
    assertThat(WILSON.bounds(5, 10).upper()).isCloseTo(0.7634069095, within(1e-9));
    assertThat(WILSON.bounds(3, 124).lower()).isCloseTo(0.008261618672, within(1e-11));
    assertThat(WILSON.bounds(3, 124).upper()).isCloseTo(0.06872012818, within(1e-10));
    assertThat(WILSON.bounds(10, 10).upper()).isEqualTo(1.0);
  }

  @Test
  void intervals_hold_the_rate_and_mirror_errors_against_successes() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 200; i++) {
      long n = 1 + random.nextLong(2_000);
      long k = random.nextLong(n + 1);
      for (BinomialInterval method : BinomialInterval.values()) {
        BinomialInterval.Bounds b = method.bounds(k, n);
        BinomialInterval.Bounds mirror = method.bounds(n - k, n);
        String what = method + " " + k + "/" + n + " (seed " + seed + ")";
        assertThat(b.lower()).as(what).isBetween(0.0, (double) k / n);
        assertThat(b.upper()).as(what).isBetween((double) k / n, 1.0);
        assertThat(b.lower()).as(what).isCloseTo(1 - mirror.upper(), within(1e-9));
      }
    }
  }

  @Test
  void rejects_counts_outside_the_trials() {
    assertThatThrownBy(() -> CP.bounds(3, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 0 <= errors <= trials and trials >= 1, got 3 errors in 2 trials");
    assertThatThrownBy(() -> WILSON.bounds(0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 0 <= errors <= trials and trials >= 1, got 0 errors in 0 trials");
  }

  @Test
  void a_rate_without_trials_has_no_value_or_bounds() {
    MeasuredRate none = MeasuredRate.of(0, 0, CP);
    assertThat(none.rate()).isNull();
    assertThat(none.lower()).isNull();
    MeasuredRate some = MeasuredRate.of(1, 10, CP);
    assertThat(some.rate()).isEqualTo(0.1);
    assertThat(some.upper()).isCloseTo(0.445016117, within(1e-8));
  }

  @Test
  void log_factorial_is_continuous_where_the_series_takes_over() {
    assertThat(BinomialInterval.logFactorial(256)).isCloseTo(BinomialInterval.logFactorial(255) + Math.log(256),
        within(1e-9));
    assertThat(BinomialInterval.logFactorial(5)).isCloseTo(Math.log(120), within(1e-12));
  }
}
