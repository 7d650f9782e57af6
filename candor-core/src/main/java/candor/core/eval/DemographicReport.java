package candor.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A demographic differential measurement, in the terms of NIST IR 8280 and ISO/IEC 19795-10:
 * false match and false non-match rates per group at fixed global thresholds, with their 95 %
 * intervals and pair counts, each group's false match rate over the lowest of its family and
 * over the overall rate, DET curves, 1:N error rates per group, and the threshold a policy chose.
 *
 * <p>Privacy: aggregate counts only; no template, image, name or label of a single person.
 *
 * @param modelPack the model pack measured
 * @param templateModel the template model id of its embedder
 * @param dataset the data set's folder name
 * @param groupsFile the labels file's name
 * @param groupsSha256 the labels file's SHA-256, naming the exact labels used
 * @param labelSource where the labels come from, as the person running the measurement stated it
 * @param columns the label columns measured
 * @param multiLabel how identities with several labels in a column were counted
 * @param interval the interval method, {@code clopper-pearson} or {@code wilson}
 * @param confidence the intervals' confidence level
 * @param maxPairs the cap on compared pairs per group and kind, above which pairs are sampled
 * @param seed the sampling seed
 * @param identities labelled identities
 * @param images their images
 * @param imagesWithoutFace images in which no face was found (their pairs never match)
 * @param galleryIdentities identities enrolled for the 1:N searches
 * @param thresholds the thresholds every rate is reported at, the policy's last
 * @param groups one entry per group: {@code all}, then each label, then each pair of labels
 * @param policy the threshold policy's choice and what it costs each group
 * @param measuredAt when the measurement ran, ISO-8601 UTC
 */
public record DemographicReport(
    String modelPack,
    String templateModel,
    String dataset,
    String groupsFile,
    String groupsSha256,
    String labelSource,
    List<String> columns,
    String multiLabel,
    String interval,
    double confidence,
    long maxPairs,
    long seed,
    int identities,
    int images,
    int imagesWithoutFace,
    int galleryIdentities,
    List<OperatingThreshold> thresholds,
    List<GroupResult> groups,
    Policy policy,
    String measuredAt) {

  /**
   * Copies the lists.
   *
   * @throws NullPointerException if a list is null
   */
  public DemographicReport {
    columns = List.copyOf(columns);
    thresholds = List.copyOf(thresholds);
    groups = List.copyOf(groups);
  }

  /**
   * Returns the report without its DET curves: what the transparency report publishes.
   *
   * @return a copy whose groups have empty curves
   */
  public DemographicReport withoutDet() {
    return new DemographicReport(modelPack, templateModel, dataset, groupsFile, groupsSha256, labelSource,
        columns, multiLabel, interval, confidence, maxPairs, seed, identities, images, imagesWithoutFace,
        galleryIdentities, thresholds,
        groups.stream().map(g -> new GroupResult(g.group(), g.family(), g.labels(), g.identities(), g.images(),
            g.imagesWithoutFace(), g.genuinePairs(), g.genuinePairsAvailable(), g.impostorPairs(),
            g.impostorPairsAvailable(), g.largestIdentityGenuineShare(), g.at(), g.identification(), List.of()))
            .toList(),
        policy, measuredAt);
  }

  /**
   * One group's figures.
   *
   * @param group the group's name ({@code all}, {@code race=black}, {@code race=black,sex=female})
   * @param family the group's family: differentials compare groups of one family
   * @param labels the labels its members share, by column
   * @param identities its identities
   * @param images their images
   * @param imagesWithoutFace of those, images without a face
   * @param genuinePairs genuine pairs compared
   * @param genuinePairsAvailable genuine pairs the group has (more than compared when sampled)
   * @param impostorPairs impostor pairs compared (both images of the group, different identities)
   * @param impostorPairsAvailable impostor pairs the group has
   * @param largestIdentityGenuineShare the share of the group's genuine pairs that its most
   *     photographed identity contributes (near 1, the false non-match rate is that person's);
   *     null without genuine pairs
   * @param at the rates at each threshold, in the order of {@link DemographicReport#thresholds()}
   * @param identification the group's 1:N error rates
   * @param det the DET curve: rates at thresholds 0.00 to 1.00 in steps of 0.01; empty where left out
   */
  public record GroupResult(
      String group,
      String family,
      Map<String, String> labels,
      int identities,
      int images,
      int imagesWithoutFace,
      long genuinePairs,
      long genuinePairsAvailable,
      long impostorPairs,
      long impostorPairsAvailable,
      Double largestIdentityGenuineShare,
      List<Rates> at,
      Identification identification,
      List<DetCurve.Point> det) {

    /**
     * Copies.
     *
     * @throws NullPointerException if a map or list is null
     */
    public GroupResult {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
      at = List.copyOf(at);
      det = List.copyOf(det);
    }
  }

  /**
   * A group's verification error rates at one threshold.
   *
   * @param threshold the threshold's name
   * @param score the threshold
   * @param fmr false matches over the group's impostor pairs
   * @param falseMatchIdentityPairs the distinct pairs of identities those false matches came from
   *     (few means the rate rests on a few look-alike or mislabelled people); null for a policy
   *     threshold below every given one
   * @param fnmr false non-matches over its genuine pairs
   * @param fmrToLowest the group's false match rate over the lowest positive one of its family
   *     (NIST IR 8280's differential); null when the group or its family has none
   * @param fmrToOverall the group's false match rate over group {@code all}'s; null when either
   *     has none
   */
  public record Rates(String threshold, double score, MeasuredRate fmr, Integer falseMatchIdentityPairs,
      MeasuredRate fnmr, Double fmrToLowest, Double fmrToOverall) {}

  /**
   * A group's identification (1:N) error rates.
   *
   * @param matedProbes the group's probes whose person is enrolled
   * @param nonMatedProbes the group's probes whose person is not
   * @param rank1 mated probes whose mate is the first candidate (hits, not errors)
   * @param at the rates at each threshold, in the order of {@link DemographicReport#thresholds()}
   */
  public record Identification(int matedProbes, int nonMatedProbes, MeasuredRate rank1,
      List<IdentificationRates> at) {
    /**
     * Copies.
     *
     * @throws NullPointerException if {@code at} is null
     */
    public Identification {
      at = List.copyOf(at);
    }
  }

  /**
   * A group's 1:N error rates at one threshold.
   *
   * @param threshold the threshold's name
   * @param score the threshold
   * @param fpir false positive identification rate: non-mated probes with anyone enrolled at or
   *     above the threshold
   * @param fnir false negative identification rate: mated probes whose mate scores below it
   */
  public record IdentificationRates(String threshold, double score, MeasuredRate fpir, MeasuredRate fnir) {}

  /**
   * The threshold policy's choice and its cost.
   *
   * @param policy {@code overall} or {@code worst-group}
   * @param fmrTarget the false match rate target
   * @param threshold the chosen global threshold; null when no group resolves the target
   * @param bindingGroup the group whose false match rate set it; null with no threshold
   * @param pairsToResolve impostor pairs a group needs to resolve the target
   * @param unresolvedGroups groups with fewer, not used to choose
   * @param costs per group, the error rates at the chosen threshold beside the deployment's
   */
  public record Policy(String policy, double fmrTarget, Double threshold, String bindingGroup,
      long pairsToResolve, List<String> unresolvedGroups, List<Cost> costs) {
    /**
     * Copies.
     *
     * @throws NullPointerException if a list is null
     */
    public Policy {
      unresolvedGroups = List.copyOf(unresolvedGroups);
      costs = List.copyOf(costs);
    }
  }

  /**
   * What a policy's threshold costs one group, beside the threshold the deployment uses.
   *
   * @param group the group
   * @param fmrAtPolicy false match rate at the policy's threshold
   * @param fnmrAtPolicy false non-match rate at the policy's threshold
   * @param fmrAtDeployment false match rate at the deployment's threshold
   * @param fnmrAtDeployment false non-match rate at the deployment's threshold
   * @param fnmrChange {@code fnmrAtPolicy - fnmrAtDeployment}: positive is the cost in genuine
   *     pairs missed; null without genuine pairs
   */
  public record Cost(String group, MeasuredRate fmrAtPolicy, MeasuredRate fnmrAtPolicy,
      MeasuredRate fmrAtDeployment, MeasuredRate fnmrAtDeployment, Double fnmrChange) {}
}
