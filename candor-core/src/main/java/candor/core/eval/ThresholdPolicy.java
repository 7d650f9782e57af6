package candor.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one global similarity threshold is chosen for a false match rate target. Candor offers no
 * per-group thresholds: they would need the group of the probe, which Candor never infers.
 *
 * <p>A group "resolves" the target when it has at least {@code ceil(1 / target)} impostor pairs:
 * fewer cannot show a rate that small (one false match would exceed it). Groups that do not are
 * listed, never used to choose.
 *
 * <p>Pure arithmetic; thread-safe.
 */
public enum ThresholdPolicy {
  /** The lowest threshold at which the false match rate over every impostor pair (group {@code all}) meets the target. */
  OVERALL("overall"),
  /**
   * The lowest single threshold at which every resolving group's false match rate meets the
   * target: the highest of the groups' own thresholds. It protects the worst-served group, at a
   * cost in false non-matches for every group.
   */
  WORST_GROUP("worst-group");

  private final String label;

  ThresholdPolicy(String label) {
    this.label = label;
  }

  /**
   * Returns the name the command line and the JSON use.
   *
   * @return {@code overall} or {@code worst-group}
   */
  public String label() {
    return label;
  }

  /**
   * What a policy chose.
   *
   * @param threshold the global threshold; null when no group resolves the target
   * @param bindingGroup the group whose false match rate set it; null with no threshold
   * @param pairsToResolve impostor pairs a group needs to resolve the target
   * @param unresolvedGroups groups with fewer impostor pairs, not used to choose; copied
   */
  public record Choice(Double threshold, String bindingGroup, long pairsToResolve, List<String> unresolvedGroups) {
    /**
     * Copies.
     *
     * @throws NullPointerException if {@code unresolvedGroups} is null
     */
    public Choice {
      unresolvedGroups = List.copyOf(unresolvedGroups);
    }
  }

  /**
   * Impostor pairs needed to resolve a target.
   *
   * @param target the false match rate, in (0, 1)
   * @return {@code ceil(1 / target)}
   */
  public static long pairsToResolve(double target) {
    return (long) Math.ceil(1 / target - 1e-9);
  }

  /**
   * Chooses the threshold.
   *
   * @param target the false match rate to meet, in (0, 1)
   * @param impostorsByGroup each group's impostor scores, ascending, by group name, in report
   *     order; {@link #OVERALL} reads group {@code all}
   * @return the choice
   * @throws IllegalArgumentException if the target is not in (0, 1), or {@link #OVERALL} finds no
   *     group {@code all}
   */
  public Choice choose(double target, Map<String, float[]> impostorsByGroup) {
    if ((target > 0 && target < 1) == false) {
      throw new IllegalArgumentException("the false match rate target must be in (0, 1), got " + target);
    }
    long needed = pairsToResolve(target);
    List<String> unresolved = new ArrayList<>();
    Double best = null;
    String binding = null;
    for (Map.Entry<String, float[]> e : impostorsByGroup.entrySet()) {
      if (this == OVERALL && e.getKey().equals("all") == false) {
        continue;
      }
      if (e.getValue().length < needed) {
        unresolved.add(e.getKey());
        continue;
      }
      double t = DetCurve.thresholdAtFmr(e.getValue(), target);
      if (best == null || t > best) {
        best = t;
        binding = e.getKey();
      }
    }
    if (this == OVERALL && impostorsByGroup.containsKey("all") == false) {
      throw new IllegalArgumentException("the overall policy needs group 'all'");
    }
    return new Choice(best, binding, needed, unresolved);
  }
}
