package candor.core.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The 1:N protocol on an LFW-layout folder: every person with at least two images is enrolled with
 * the first; their other images are mated probes; single-image people are non-mated probes.
 */
public final class Identification {
  private Identification() {}

  /**
   * The protocol's split of a dataset folder.
   *
   * @param enrolled one image per identity with at least two images (the first, by name)
   * @param mated the other images of those identities, with the identity index
   * @param nonMated the images of single-image identities
   */
  public record Split(List<Path> enrolled, List<Probe> mated, List<Path> nonMated) {
    /** Every image the split uses. */
    public List<Path> allImages() {
      List<Path> all = new ArrayList<>(enrolled);
      mated.forEach(p -> all.add(p.image()));
      all.addAll(nonMated);
      return all;
    }
  }

  /**
   * A mated probe.
   *
   * @param image the probe image
   * @param identity index into {@link Split#enrolled()}
   */
  public record Probe(Path image, int identity) {}

  /** Splits a folder with one sub-folder of JPEGs per person. */
  public static Split split(Path dataset) throws IOException {
    List<Path> enrolled = new ArrayList<>();
    List<Probe> mated = new ArrayList<>();
    List<Path> nonMated = new ArrayList<>();
    for (List<Path> images : imagesByPerson(dataset)) {
      if (images.size() >= 2) {
        int id = enrolled.size();
        enrolled.add(images.get(0));
        images.subList(1, images.size()).forEach(p -> mated.add(new Probe(p, id)));
      } else if (images.size() == 1) {
        nonMated.add(images.get(0));
      }
    }
    return new Split(enrolled, mated, nonMated);
  }

  /**
   * Lists an LFW-layout folder: for each person's sub-folder (by name), its JPEGs (by name).
   *
   * @param dataset the folder, one sub-folder of JPEGs per person
   * @return the images of each person, folders without a JPEG included as empty lists
   * @throws IOException if a folder cannot be listed
   */
  public static List<List<Path>> imagesByPerson(Path dataset) throws IOException {
    List<List<Path>> people = new ArrayList<>();
    try (Stream<Path> folders = Files.list(dataset)) {
      for (Path person : folders.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> s = Files.list(person)) {
          people.add(s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg"))
              .sorted().toList());
        }
      }
    }
    return people;
  }

  /**
   * Scores the split by exhaustive search (the exact ground truth). An enrolment image without a
   * template leaves its identity unfindable; a probe without one counts as a miss (mated) or as
   * rejected (non-mated).
   */
  public static IdentificationResult evaluate(Split split, Map<Path, Optional<float[]>> templates) {
    List<float[]> gallery = new ArrayList<>();
    List<Integer> galleryIds = new ArrayList<>();
    enrol(split, templates, gallery, galleryIds);
    int hits1 = 0;
    int hits5 = 0;
    double[] matedTop = new double[split.mated().size()];
    boolean[] matedRight = new boolean[split.mated().size()];
    for (int p = 0; p < split.mated().size(); p++) {
      Probe probe = split.mated().get(p);
      Optional<float[]> t = templates.getOrDefault(probe.image(), Optional.empty());
      matedTop[p] = Double.NEGATIVE_INFINITY;
      if (t.isEmpty()) {
        continue;
      }
      double[] scores = scores(t.get(), gallery);
      Integer[] order = order(scores);
      for (int r = 0; r < Math.min(5, order.length); r++) {
        if (galleryIds.get(order[r]) == probe.identity()) {
          hits5++;
          if (r == 0) {
            hits1++;
            matedRight[p] = true;
          }
          break;
        }
      }
      matedTop[p] = order.length == 0 ? Double.NEGATIVE_INFINITY : scores[order[0]];
    }
    double[] nonMatedTop = new double[split.nonMated().size()];
    for (int p = 0; p < nonMatedTop.length; p++) {
      Optional<float[]> t = templates.getOrDefault(split.nonMated().get(p), Optional.empty());
      nonMatedTop[p] = t.isEmpty() ? Double.NEGATIVE_INFINITY
          : Arrays.stream(scores(t.get(), gallery)).max().orElse(Double.NEGATIVE_INFINITY);
    }
    Arrays.sort(nonMatedTop);
    int allowed = (int) Math.floor(0.01 * nonMatedTop.length);
    double threshold = nonMatedTop.length == 0 ? Double.NEGATIVE_INFINITY
        : Math.nextUp(nonMatedTop[nonMatedTop.length - 1 - allowed]);
    int misses = 0;
    for (int p = 0; p < matedTop.length; p++) {
      if (!matedRight[p] || matedTop[p] < threshold) {
        misses++;
      }
    }
    int n = split.mated().size();
    return new IdentificationResult(n == 0 ? 0 : (double) hits1 / n, n == 0 ? 0 : (double) hits5 / n,
        n == 0 ? 0 : (double) misses / n, threshold, split.enrolled().size(), n, nonMatedTop.length);
  }

  /**
   * A score-to-false-match-rate table from every impostor comparison of the split: each probe
   * (mated or not) against every enrolled identity that is not its own.
   *
   * @param thresholds ascending similarity thresholds
   * @return for each threshold, the fraction of impostor comparisons scoring at or above it, and
   *     in the last slot the number of impostor comparisons
   */
  public static double[] impostorFmr(Split split, Map<Path, Optional<float[]>> templates, double[] thresholds) {
    List<float[]> gallery = new ArrayList<>();
    List<Integer> galleryIds = new ArrayList<>();
    enrol(split, templates, gallery, galleryIds);
    long[] above = new long[thresholds.length];
    long total = 0;
    List<Probe> probes = new ArrayList<>(split.mated());
    split.nonMated().forEach(p -> probes.add(new Probe(p, -1)));
    for (Probe probe : probes) {
      Optional<float[]> t = templates.getOrDefault(probe.image(), Optional.empty());
      if (t.isEmpty()) {
        continue;
      }
      double[] s = scores(t.get(), gallery);
      for (int g = 0; g < s.length; g++) {
        if (galleryIds.get(g) == probe.identity()) {
          continue;
        }
        total++;
        for (int k = 0; k < thresholds.length && s[g] >= thresholds[k]; k++) {
          above[k]++;
        }
      }
    }
    double[] fmr = new double[thresholds.length + 1];
    for (int k = 0; k < thresholds.length; k++) {
      fmr[k] = total == 0 ? 0 : (double) above[k] / total;
    }
    fmr[thresholds.length] = total;
    return fmr;
  }

  /** Fills the gallery with the templates of the enrolled images that have one, and their identity indexes. */
  private static void enrol(Split split, Map<Path, Optional<float[]>> templates, List<float[]> gallery, List<Integer> ids) {
    for (int i = 0; i < split.enrolled().size(); i++) {
      Optional<float[]> t = templates.getOrDefault(split.enrolled().get(i), Optional.empty());
      if (t.isPresent()) {
        gallery.add(t.get());
        ids.add(i);
      }
    }
  }

  private static double[] scores(float[] q, List<float[]> gallery) {
    double[] s = new double[gallery.size()];
    for (int i = 0; i < s.length; i++) {
      float[] g = gallery.get(i);
      double d = 0;
      for (int k = 0; k < q.length; k++) {
        d += q[k] * g[k];
      }
      s[i] = d;
    }
    return s;
  }

  private static Integer[] order(double[] s) {
    Integer[] idx = new Integer[s.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(s[b], s[a]));
    return idx;
  }
}
