package candor.core.eval;

import static candor.core.eval.GroupPairsTest.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import candor.core.eval.DemographicReport.GroupResult;
import candor.core.eval.DemographicReport.Rates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the demographic measurement on a world small enough to count by hand. Templates are unit
 * vectors at angles, so two images match at threshold cos(d) exactly when their angles differ by
 * less than d:
 *
 * <pre>
 * identity  race  sex  image angles (degrees)
 * A         x     f    0, 19
 * B         x     m    46, 71
 * C         y     f    101
 * D         y     m    148, 176
 * E         x,y   f    29
 * </pre>
 *
 * All 25 impostor angle differences are distinct: 10 17 27 29 30 42 46 47 52 55 71 72 75 77 82 101
 * 102 105 119 129 130 147 148 157 176. Genuine: 19 (A), 25 (B), 28 (D).
 */
class DemographicEvaluationTest {
  @TempDir Path dir;

  private DemographicLabels labels;
  private final Map<String, List<float[]>> templates = new LinkedHashMap<>();

  /** Matches below 60 degrees apart. */
  private static final double DEPLOYMENT = 0.5;
  /** Matches below 19.95 degrees apart. */
  private static final double STRICT = 0.94;

  @BeforeEach
  void world() throws IOException {
    labels = DemographicLabels.read(Files.writeString(dir.resolve("g.tsv"), """
        folder\trace\tsex
        A\tx\tf
        B\tx\tm
        C\ty\tf
        D\ty\tm
        E\tx,y\tf
        """));
    templates.put("A", List.of(unit(0), unit(19)));
    templates.put("B", List.of(unit(46), unit(71)));
    templates.put("C", List.of(unit(101)));
    templates.put("D", List.of(unit(148), unit(176)));
    templates.put("E", List.of(unit(29)));
  }

  private DemographicReport run(ThresholdPolicy policy, double target) {
    var settings = new DemographicEvaluation.Settings(List.of(
        new OperatingThreshold("strict", STRICT, "test"),
        new OperatingThreshold("deployment", DEPLOYMENT, "test")),
        policy, target, 1_000, 16, BinomialInterval.CLOPPER_PEARSON);
    return DemographicEvaluation.evaluate(labels, templates, settings,
        new DemographicEvaluation.Provenance("default", "m", "tiny", "g.tsv", "00", "hand-made", "2026-01-01T00:00:00Z"));
  }

  private static GroupResult group(DemographicReport r, String name) {
    return r.groups().stream().filter(g -> g.group().equals(name)).findFirst().orElseThrow();
  }

  private static Rates at(DemographicReport r, String group, String threshold) {
    return group(r, group).at().stream().filter(a -> a.threshold().equals(threshold)).findFirst().orElseThrow();
  }

  private static void rate(MeasuredRate m, long count, long of) {
    assertThat(m.count()).isEqualTo(count);
    assertThat(m.of()).isEqualTo(of);
  }

  @Test
  void counts_pairs_within_each_group_and_a_multi_label_identity_in_each_of_its_groups() {
    DemographicReport r = run(ThresholdPolicy.WORST_GROUP, 0.25);
    assertThat(r.groups()).extracting(GroupResult::group).containsExactly("all", "race=x", "race=y", "sex=f",
        "sex=m", "race=x,sex=f", "race=x,sex=m", "race=y,sex=f", "race=y,sex=m");
    assertThat(r.identities()).isEqualTo(5);
    assertThat(r.images()).isEqualTo(8);
    // all: C(8,2) = 28 pairs, 3 of them genuine
    assertThat(group(r, "all").genuinePairs()).isEqualTo(3);
    assertThat(group(r, "all").impostorPairs()).isEqualTo(25);
    // race=x holds A, B and E (E is x and y): 2x2 + 2x1 + 2x1 impostor pairs
    assertThat(group(r, "race=x").identities()).isEqualTo(3);
    assertThat(group(r, "race=x").impostorPairs()).isEqualTo(8);
    assertThat(group(r, "race=y").impostorPairs()).isEqualTo(5); // C-D 2, C-E 1, D-E 2
    assertThat(group(r, "sex=m").impostorPairs()).isEqualTo(4);
    assertThat(group(r, "race=x,sex=m").impostorPairs()).isZero();
    assertThat(group(r, "race=x,sex=m").genuinePairs()).isEqualTo(1);
    assertThat(group(r, "race=y,sex=f").genuinePairs()).isZero();
    assertThat(group(r, "race=y,sex=f").largestIdentityGenuineShare()).isNull();
    assertThat(group(r, "sex=m").largestIdentityGenuineShare()).isEqualTo(0.5);
  }

  @Test
  void rates_at_each_threshold_are_the_hand_counts() {
    DemographicReport r = run(ThresholdPolicy.WORST_GROUP, 0.25);
    // below 60 degrees: all 10 of 25 impostors; race=x 10 17 27 29 42 46 52 of 8 (not 71)
    rate(at(r, "all", "deployment").fmr(), 10, 25);
    rate(at(r, "all", "deployment").fnmr(), 0, 3);
    rate(at(r, "race=x", "deployment").fmr(), 7, 8);
    rate(at(r, "race=y", "deployment").fmr(), 1, 5);
    rate(at(r, "sex=f", "deployment").fmr(), 2, 5);
    rate(at(r, "sex=m", "deployment").fmr(), 0, 4);
    rate(at(r, "race=x,sex=f", "deployment").fmr(), 2, 2);
    assertThat(at(r, "race=x,sex=m", "deployment").fmr().rate()).isNull();
    // below 19.95 degrees: impostors 10 and 17; genuine 25 and 28 now fail
    rate(at(r, "all", "strict").fmr(), 2, 25);
    rate(at(r, "all", "strict").fnmr(), 2, 3);
    rate(at(r, "race=x", "strict").fmr(), 2, 8);
    rate(at(r, "race=x", "strict").fnmr(), 1, 2);
    rate(at(r, "sex=f", "strict").fmr(), 1, 5);
    rate(at(r, "sex=m", "strict").fnmr(), 2, 2);
    // race=x's 7 false matches at 0.5 come from the identity pairs A-B, A-E and B-E; all's 10 add C-D, B-C
    assertThat(at(r, "race=x", "deployment").falseMatchIdentityPairs()).isEqualTo(3);
    assertThat(at(r, "all", "deployment").falseMatchIdentityPairs()).isEqualTo(5);
    assertThat(at(r, "all", "strict").falseMatchIdentityPairs()).isEqualTo(2); // 10 (A-E), 17 (B-E)
    // intervals are Clopper-Pearson's: 1 of 5
    assertThat(at(r, "race=y", "deployment").fmr().lower()).isCloseTo(0.005050763, within(1e-8));
    assertThat(at(r, "race=y", "deployment").fmr().upper()).isCloseTo(0.7164179361, within(1e-8));
  }

  @Test
  void differentials_divide_by_the_lowest_positive_rate_of_the_family_and_by_the_overall_rate() {
    DemographicReport r = run(ThresholdPolicy.WORST_GROUP, 0.25);
    // race at 0.5: x 7/8, y 1/5 (the lowest); overall 10/25
    assertThat(at(r, "race=x", "deployment").fmrToLowest()).isCloseTo(4.375, within(1e-12));
    assertThat(at(r, "race=y", "deployment").fmrToLowest()).isCloseTo(1.0, within(1e-12));
    assertThat(at(r, "race=x", "deployment").fmrToOverall()).isCloseTo(2.1875, within(1e-12));
    // sex at 0.5: m has no false match, so the lowest positive is f's 2/5
    assertThat(at(r, "sex=m", "deployment").fmrToLowest()).isZero();
    assertThat(at(r, "sex=f", "deployment").fmrToLowest()).isCloseTo(1.0, within(1e-12));
    assertThat(at(r, "race=x,sex=m", "deployment").fmrToLowest()).isNull();
    // race at 0.94: x 2/8 over overall 2/25
    assertThat(at(r, "race=x", "strict").fmrToOverall()).isCloseTo(3.125, within(1e-12));
    assertThat(at(r, "race=y", "strict").fmrToLowest()).isZero();
  }

  @Test
  void the_worst_group_policy_is_set_by_the_group_with_the_highest_threshold_and_costs_false_non_matches() {
    DemographicReport r = run(ThresholdPolicy.WORST_GROUP, 0.25);
    DemographicReport.Policy p = r.policy();
    // 4 impostor pairs resolve 0.25; allowed false matches: all 6 of 25 (just above 46 degrees),
    // race=x 2 of 8 (27), race=y 1 of 5 (72), sex=f 1 of 5 (29), sex=m 1 of 4 (102)
    assertThat(p.pairsToResolve()).isEqualTo(4);
    assertThat(p.unresolvedGroups()).containsExactly("race=x,sex=f", "race=x,sex=m", "race=y,sex=f", "race=y,sex=m");
    assertThat(p.bindingGroup()).isEqualTo("race=x");
    assertThat(p.threshold()).isCloseTo(Math.cos(Math.toRadians(27)), within(1e-6));
    assertThat(r.thresholds()).extracting(OperatingThreshold::name)
        .containsExactly("strict", "deployment", "worst_group_0.25");
    rate(at(r, "race=x", "worst_group_0.25").fmr(), 2, 8);
    rate(at(r, "all", "worst_group_0.25").fmr(), 2, 25);
    // the cost: genuine 28 (D) no longer matches
    DemographicReport.Cost all = p.costs().get(0);
    assertThat(all.group()).isEqualTo("all");
    rate(all.fnmrAtPolicy(), 1, 3);
    rate(all.fnmrAtDeployment(), 0, 3);
    assertThat(all.fnmrChange()).isCloseTo(1 / 3.0, within(1e-12));
    DemographicReport.Cost sexM = p.costs().stream().filter(c -> c.group().equals("sex=m")).findFirst().orElseThrow();
    assertThat(sexM.fnmrChange()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void the_overall_policy_meets_the_target_over_every_impostor_pair_only() {
    DemographicReport r = run(ThresholdPolicy.OVERALL, 0.25);
    assertThat(r.policy().bindingGroup()).isEqualTo("all");
    assertThat(r.policy().threshold()).isCloseTo(Math.cos(Math.toRadians(46)), within(1e-6));
    rate(at(r, "all", "overall_0.25").fmr(), 6, 25);
    // race=x's rate stays far above the target: 5 of its 8 impostors are under 46 degrees
    rate(at(r, "race=x", "overall_0.25").fmr(), 5, 8);
  }

  @Test
  void identification_rates_per_group_count_the_group_probes_against_the_whole_gallery() {
    DemographicReport r = run(ThresholdPolicy.WORST_GROUP, 0.25);
    // enrolled: A(0), B(46), D(148); mated probes A19, B71, D176; non-mated C101 (top 47), E29 (top 17)
    assertThat(r.galleryIdentities()).isEqualTo(3);
    DemographicReport.Identification all = group(r, "all").identification();
    assertThat(all.matedProbes()).isEqualTo(3);
    assertThat(all.nonMatedProbes()).isEqualTo(2);
    rate(all.rank1(), 3, 3);
    rate(all.at().get(1).fpir(), 2, 2); // deployment: both tops within 60 degrees
    rate(all.at().get(0).fpir(), 1, 2); // strict: only E (17)
    rate(all.at().get(0).fnir(), 2, 3); // strict: mates at 25 and 28 are missed
    DemographicReport.Identification x = group(r, "race=x").identification();
    assertThat(x.matedProbes()).isEqualTo(2);
    rate(x.at().get(0).fpir(), 1, 1);
    DemographicReport.Identification m = group(r, "sex=m").identification();
    assertThat(m.nonMatedProbes()).isZero();
    assertThat(m.at().get(0).fpir().rate()).isNull();
  }

  @Test
  void det_curves_run_from_zero_to_one_in_hundredths() {
    GroupResult all = group(run(ThresholdPolicy.WORST_GROUP, 0.25), "all");
    assertThat(all.det()).hasSize(101);
    assertThat(all.det().get(50).threshold()).isEqualTo(0.5);
    assertThat(all.det().get(50).fmr()).isEqualTo(0.4);
    assertThat(all.det().get(0).fnmr()).isZero();
  }
}
