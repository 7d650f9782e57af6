package candor.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the threshold arithmetic: counts at thresholds, the threshold of a rate, and both policies. */
class ThresholdPolicyTest {

  private static final float[] TEN = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f};

  @Test
  void counts_scores_at_or_above_and_below_a_threshold() {
    assertThat(DetCurve.atOrAbove(TEN, 0.5f)).isEqualTo(6);
    assertThat(DetCurve.atOrAbove(TEN, 0.55)).isEqualTo(5);
    assertThat(DetCurve.below(TEN, 0.5f)).isEqualTo(4);
    assertThat(DetCurve.atOrAbove(TEN, 2)).isZero();
    assertThat(DetCurve.atOrAbove(new float[0], 0)).isZero();
  }

  @Test
  void the_threshold_of_a_rate_lets_through_at_most_that_share() {
    // FMR 0.2 of 10 impostors: 2 may match, so just above the third highest (0.8)
    double t = DetCurve.thresholdAtFmr(TEN, 0.2);
    assertThat(t).isGreaterThan(0.8f).isLessThanOrEqualTo(0.9f);
    assertThat(DetCurve.atOrAbove(TEN, t)).isEqualTo(2);
    // below 1/n none may: just above the highest
    assertThat(DetCurve.atOrAbove(TEN, DetCurve.thresholdAtFmr(TEN, 0.05))).isZero();
  }

  @Test
  void det_points_give_both_rates_at_each_threshold() {
    float[] genuine = {0.3f, 0.6f, 0.9f, 0.95f};
    var points = DetCurve.points(genuine, TEN, new double[] {0.5, 0.85});
    assertThat(points.get(0).fmr()).isEqualTo(0.6);
    assertThat(points.get(0).fnmr()).isEqualTo(0.25);
    assertThat(points.get(1).fmr()).isEqualTo(0.2);
    assertThat(points.get(1).fnmr()).isEqualTo(0.5);
    assertThat(DetCurve.points(new float[0], TEN, new double[] {0.5}).get(0).fnmr()).isNull();
  }

  @Test
  void worst_group_takes_the_highest_resolving_group_threshold_and_lists_the_rest() {
    Map<String, float[]> impostors = new LinkedHashMap<>();
    impostors.put("all", TEN);
    impostors.put("g=low", new float[] {0.0f, 0.05f, 0.1f, 0.1f, 0.15f});
    impostors.put("g=high", new float[] {0.1f, 0.2f, 0.5f, 0.6f, 0.85f});
    impostors.put("g=tiny", new float[] {0.99f, 0.99f});
    ThresholdPolicy.Choice c = ThresholdPolicy.WORST_GROUP.choose(0.25, impostors);
    // 0.25 needs 4 impostor pairs: g=tiny cannot show it
    assertThat(c.pairsToResolve()).isEqualTo(4);
    assertThat(c.unresolvedGroups()).containsExactly("g=tiny");
    // g=low: 1 of 5 may match, just above 0.1; g=high: just above 0.6; all: 2 of 10, just above 0.8
    assertThat(c.bindingGroup()).isEqualTo("all");
    assertThat(c.threshold()).isEqualTo(Math.nextUp((double) 0.8f));
    impostors.put("g=high", new float[] {0.1f, 0.2f, 0.5f, 0.9f, 0.97f});
    c = ThresholdPolicy.WORST_GROUP.choose(0.25, impostors);
    assertThat(c.bindingGroup()).isEqualTo("g=high");
    assertThat(c.threshold()).isEqualTo(Math.nextUp((double) 0.9f));
    assertThat(ThresholdPolicy.OVERALL.choose(0.25, impostors).threshold()).isEqualTo(Math.nextUp((double) 0.8f));
    assertThat(ThresholdPolicy.OVERALL.choose(0.25, impostors).unresolvedGroups()).isEmpty();
  }

  @Test
  void without_a_resolving_group_nothing_is_chosen() {
    ThresholdPolicy.Choice c = ThresholdPolicy.WORST_GROUP.choose(1e-4, Map.of("all", TEN));
    assertThat(c.threshold()).isNull();
    assertThat(c.bindingGroup()).isNull();
    assertThat(c.unresolvedGroups()).containsExactly("all");
    assertThat(c.pairsToResolve()).isEqualTo(10_000);
  }

  @Test
  void refuses_a_target_outside_zero_and_one() {
    assertThatThrownBy(() -> ThresholdPolicy.WORST_GROUP.choose(1.5, Map.of("all", TEN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the false match rate target must be in (0, 1), got 1.5");
  }
}
