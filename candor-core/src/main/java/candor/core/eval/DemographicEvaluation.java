package candor.core.eval;

import candor.core.eval.DemographicReport.Cost;
import candor.core.eval.DemographicReport.GroupResult;
import candor.core.eval.DemographicReport.Identification;
import candor.core.eval.DemographicReport.IdentificationRates;
import candor.core.eval.DemographicReport.Rates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Measures demographic differentials (NIST IR 8280, ISO/IEC 19795-10) from templates and a labels
 * file: for each group, every genuine and impostor pair within it (sampled above a cap), scored at
 * global thresholds; per-group 1:N rates; and a threshold chosen by a {@link ThresholdPolicy}.
 * Labels come from {@link DemographicLabels} only.
 *
 * <p>Pure arithmetic on templates already computed; no I/O. Not thread-safe to share one call's
 * inputs while it runs; otherwise stateless.
 */
public final class DemographicEvaluation {
  private DemographicEvaluation() {}

  /** The DET curves' thresholds: 0.00 to 1.00 in steps of 0.01 (a fresh array each call). */
  static double[] detThresholds() {
    double[] t = new double[101];
    for (int i = 0; i < t.length; i++) {
      t[i] = i / 100.0;
    }
    return t;
  }

  /**
   * How to measure.
   *
   * @param thresholds the thresholds to report at (calibrated ones, the deployment's); the
   *     policy's is added after them; the one named {@code deployment} is what the policy's cost
   *     is measured against
   * @param policy how to choose the global threshold
   * @param fmrTarget the policy's false match rate target, in (0, 1)
   * @param maxPairs the cap on compared pairs per group and kind, at least 1
   * @param seed the sampling seed
   * @param interval the interval method
   */
  public record Settings(List<OperatingThreshold> thresholds, ThresholdPolicy policy, double fmrTarget,
      long maxPairs, long seed, BinomialInterval interval) {
    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the target is not in (0, 1), the cap is below 1, or no
     *     threshold is named {@code deployment}
     * @throws NullPointerException if an argument is null
     */
    public Settings {
      thresholds = List.copyOf(thresholds);
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(interval, "interval");
      if ((fmrTarget > 0 && fmrTarget < 1) == false) {
        throw new IllegalArgumentException("the false match rate target must be in (0, 1), got " + fmrTarget);
      }
      if (maxPairs < 1) {
        throw new IllegalArgumentException("the pair cap must be at least 1, got " + maxPairs);
      }
      if (thresholds.stream().noneMatch(t -> t.name().equals("deployment"))) {
        throw new IllegalArgumentException("expected a threshold named 'deployment', got " + thresholds);
      }
    }
  }

  /**
   * What was measured, for the report's reader.
   *
   * @param modelPack the model pack
   * @param templateModel its template model id
   * @param dataset the data set's folder name
   * @param groupsFile the labels file's name
   * @param groupsSha256 the labels file's SHA-256
   * @param labelSource where the labels come from
   * @param measuredAt when, ISO-8601 UTC
   */
  public record Provenance(String modelPack, String templateModel, String dataset, String groupsFile,
      String groupsSha256, String labelSource, String measuredAt) {}

  /**
   * The images to compute templates for: each labelled identity's JPEGs, by name.
   *
   * @param labels the labels
   * @param dataset the data set folder, one sub-folder of JPEGs per identity
   * @return per labelled identity, in the labels' order, its images
   * @throws IllegalArgumentException naming the identity when its folder is not in the data set
   * @throws IOException if a folder cannot be listed
   */
  public static Map<String, List<Path>> images(DemographicLabels labels, Path dataset) throws IOException {
    Map<String, List<Path>> images = new LinkedHashMap<>();
    for (String identity : labels.identities()) {
      Path folder = dataset.resolve(identity);
      if (Files.isDirectory(folder) == false) {
        throw new IllegalArgumentException("labelled identity '" + identity + "' has no folder in " + dataset);
      }
      try (Stream<Path> s = Files.list(folder)) {
        images.put(identity, s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
            .sorted().toList());
      }
    }
    return images;
  }

  /**
   * Measures.
   *
   * @param labels the labels, the only source of group membership
   * @param templates per labelled identity, per image in order, its L2-normalised template or
   *     null when the image had no face; identities missing from the map have no images
   * @param settings how to measure
   * @param provenance what is measured
   * @return the report
   */
  public static DemographicReport evaluate(DemographicLabels labels, Map<String, List<float[]>> templates,
      Settings settings, Provenance provenance) {
    List<String> identities = labels.identities();
    Map<String, Integer> indexOf = new HashMap<>();
    List<List<float[]>> all = new ArrayList<>();
    for (String identity : identities) {
      indexOf.put(identity, all.size());
      all.add(templates.getOrDefault(identity, List.of()));
    }
    List<DemographicGroup> groups = labels.groups();
    Map<String, GroupPairs.Scores> scores = new LinkedHashMap<>();
    // which identities made the false matches is kept from the lowest given threshold up
    double lowestThreshold = settings.thresholds().stream().mapToDouble(OperatingThreshold::score).min()
        .orElse(Double.POSITIVE_INFINITY);
    Map<String, float[]> impostors = new LinkedHashMap<>();
    for (DemographicGroup g : groups) {
      List<List<float[]>> members = g.identities().stream().map(id -> all.get(indexOf.get(id))).toList();
      // each group its own sample, the same on every run
      GroupPairs.Scores s = GroupPairs.score(members, settings.maxPairs(), settings.seed() ^ g.name().hashCode(),
          lowestThreshold);
      scores.put(g.name(), s);
      impostors.put(g.name(), s.impostor());
    }
    ThresholdPolicy.Choice choice = settings.policy().choose(settings.fmrTarget(), impostors);
    List<OperatingThreshold> thresholds = new ArrayList<>(settings.thresholds());
    String policyName = settings.policy().label().replace('-', '_') + "_" + OperatingThreshold.rate(settings.fmrTarget());
    if (choice.threshold() != null) {
      thresholds.add(new OperatingThreshold(policyName, choice.threshold(), "policy " + settings.policy().label()
          + ": the lowest threshold at which " + (settings.policy() == ThresholdPolicy.OVERALL ? "the overall"
          : "every resolving group's") + " FMR on this data is at most " + OperatingThreshold.rate(settings.fmrTarget())));
    }
    GroupIdentification.Outcomes searches = GroupIdentification.search(all);

    // lowest positive FMR per family and threshold, for the differentials
    Map<String, double[]> lowest = new HashMap<>();
    for (DemographicGroup g : groups) {
      float[] imp = impostors.get(g.name());
      double[] low = lowest.computeIfAbsent(g.family(), f -> filled(thresholds.size(), Double.POSITIVE_INFINITY));
      for (int t = 0; t < thresholds.size(); t++) {
        int fm = DetCurve.atOrAbove(imp, thresholds.get(t).score());
        if (fm > 0) {
          low[t] = Math.min(low[t], (double) fm / imp.length);
        }
      }
    }
    float[] overall = impostors.get("all");
    List<GroupResult> results = new ArrayList<>();
    int imagesWithoutFace = 0;
    int images = 0;
    for (List<float[]> id : all) {
      images += id.size();
      imagesWithoutFace += (int) id.stream().filter(Objects::isNull).count();
    }
    for (DemographicGroup g : groups) {
      GroupPairs.Scores s = scores.get(g.name());
      List<Rates> at = new ArrayList<>();
      for (int t = 0; t < thresholds.size(); t++) {
        double score = thresholds.get(t).score();
        MeasuredRate fmr = MeasuredRate.of(DetCurve.atOrAbove(s.impostor(), score), s.impostor().length,
            settings.interval());
        MeasuredRate fnmr = MeasuredRate.of(DetCurve.below(s.genuine(), score), s.genuine().length,
            settings.interval());
        double low = lowest.get(g.family())[t];
        int overallFm = DetCurve.atOrAbove(overall, score);
        Double toLowest = fmr.rate() == null || Double.isInfinite(low) ? null : fmr.rate() / low;
        Double toOverall = fmr.rate() == null || overallFm == 0 ? null
            : fmr.rate() / ((double) overallFm / overall.length);
        at.add(new Rates(thresholds.get(t).name(), score, fmr, s.identityPairsAtOrAbove(score), fnmr, toLowest,
            toOverall));
      }
      int[] sizes = g.identities().stream().mapToInt(id -> all.get(indexOf.get(id)).size()).toArray();
      int groupImages = 0;
      int withoutFace = 0;
      long largest = 0;
      for (String id : g.identities()) {
        List<float[]> t = all.get(indexOf.get(id));
        groupImages += t.size();
        withoutFace += (int) t.stream().filter(Objects::isNull).count();
        largest = Math.max(largest, (long) t.size() * (t.size() - 1) / 2);
      }
      long genuineAvailable = GroupPairs.genuineCount(sizes);
      results.add(new GroupResult(g.name(), g.family(), g.labels(), g.identities().size(), groupImages, withoutFace,
          s.genuine().length, genuineAvailable, s.impostor().length, s.impostorAvailable(),
          genuineAvailable == 0 ? null : (double) largest / genuineAvailable, at,
          identification(g, indexOf, searches, thresholds, settings.interval()),
          DetCurve.points(s.genuine(), s.impostor(), detThresholds())));
    }
    DemographicReport.Policy policy = new DemographicReport.Policy(settings.policy().label(), settings.fmrTarget(),
        choice.threshold(), choice.bindingGroup(), choice.pairsToResolve(), choice.unresolvedGroups(),
        costs(results, thresholds, choice.threshold() == null ? null : policyName));
    return new DemographicReport(provenance.modelPack(), provenance.templateModel(), provenance.dataset(),
        provenance.groupsFile(), provenance.groupsSha256(), provenance.labelSource(), labels.columns(),
        DemographicLabels.MULTI_LABEL_RULE, settings.interval().label(), BinomialInterval.CONFIDENCE,
        settings.maxPairs(), settings.seed(), identities.size(), images, imagesWithoutFace, searches.gallery(),
        thresholds, results, policy, provenance.measuredAt());
  }

  private static double[] filled(int n, double value) {
    double[] a = new double[n];
    Arrays.fill(a, value);
    return a;
  }

  private static List<Cost> costs(List<GroupResult> results, List<OperatingThreshold> thresholds, String policyName) {
    if (policyName == null) {
      return List.of();
    }
    int p = indexOf(thresholds, policyName);
    int d = indexOf(thresholds, "deployment");
    List<Cost> costs = new ArrayList<>();
    for (GroupResult r : results) {
      Rates atPolicy = r.at().get(p);
      Rates atDeployment = r.at().get(d);
      Double change = atPolicy.fnmr().rate() == null ? null : atPolicy.fnmr().rate() - atDeployment.fnmr().rate();
      costs.add(new Cost(r.group(), atPolicy.fmr(), atPolicy.fnmr(), atDeployment.fmr(), atDeployment.fnmr(), change));
    }
    return costs;
  }

  private static int indexOf(List<OperatingThreshold> thresholds, String name) {
    for (int i = 0; i < thresholds.size(); i++) {
      if (thresholds.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no threshold " + name);
  }

  private static Identification identification(DemographicGroup g, Map<String, Integer> indexOf,
      GroupIdentification.Outcomes o, List<OperatingThreshold> thresholds, BinomialInterval interval) {
    Set<Integer> members = new HashSet<>();
    g.identities().forEach(id -> members.add(indexOf.get(id)));
    List<Integer> mated = new ArrayList<>();
    for (int p = 0; p < o.matedIdentity().length; p++) {
      if (members.contains(o.matedIdentity()[p])) {
        mated.add(p);
      }
    }
    List<Integer> nonMated = new ArrayList<>();
    for (int p = 0; p < o.nonMatedIdentity().length; p++) {
      if (members.contains(o.nonMatedIdentity()[p])) {
        nonMated.add(p);
      }
    }
    long hits = mated.stream().filter(p -> o.rank1()[p]).count();
    List<IdentificationRates> at = new ArrayList<>();
    for (OperatingThreshold t : thresholds) {
      long falsePositives = nonMated.stream().filter(p -> o.nonMatedTopScore()[p] >= t.score()).count();
      long misses = mated.stream().filter(p -> (o.mateScore()[p] >= t.score()) == false).count();
      at.add(new IdentificationRates(t.name(), t.score(), MeasuredRate.of(falsePositives, nonMated.size(), interval),
          MeasuredRate.of(misses, mated.size(), interval)));
    }
    return new Identification(mated.size(), nonMated.size(), MeasuredRate.of(hits, mated.size(), interval), at);
  }
}
