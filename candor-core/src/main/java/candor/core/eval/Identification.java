package candor.core.eval;

import static candor.vision.Embedding.dot;

import candor.core.model.FusedTemplate;
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
 * The 1:N protocol on an LFW-layout folder: every person with enough images is enrolled with
 * their first image (or first few) and probed with the rest; the others are non-mated probes.
 */
public final class Identification {
  private Identification() {}

  /**
   * How an identity enrolled with several faces is scored against a probe.
   */
  public enum SubjectTemplate {
    /** The best similarity of any of the identity's faces. */
    BEST_FACE,
    /**
     * The similarity to the identity's fused template: the normalised mean of its faces'
     * templates (what the gallery's subject search ranks by).
     */
    FUSED
  }

  /**
   * The protocol's split of a dataset folder.
   *
   * @param enrolled for each identity, its enrolment images
   * @param mated the probes of enrolled identities, with the identity index
   * @param nonMated one image of each person who is not enrolled
   */
  public record Split(List<List<Path>> enrolled, List<Probe> mated, List<Path> nonMated) {
    /** Every image the split uses. */
    public List<Path> allImages() {
      List<Path> all = new ArrayList<>();
      enrolled.forEach(all::addAll);
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

  /**
   * The LFW split: every person with at least two images is enrolled with the first and probed
   * with the others; each single-image person is a non-mated probe.
   */
  public static Split split(Path dataset) throws IOException {
    return split(dataset, 1, 2);
  }

  /**
   * Splits a folder with one sub-folder of JPEGs per person (images by name). A person with at
   * least {@code firstProbe} images is enrolled with the first {@code enrolPerPerson} and probed
   * with those from position {@code firstProbe} on; the first image of every other person is a
   * non-mated probe. cfp-dev's frontal-to-profile search is {@code (10, 11)}: ten frontal photos
   * enrolled, the four profiles as probes.
   *
   * @param enrolPerPerson images enrolled per person, 1 or more
   * @param firstProbe position (from 1) of each person's first probe, after the enrolled ones
   */
  public static Split split(Path dataset, int enrolPerPerson, int firstProbe) throws IOException {
    if (enrolPerPerson < 1 || firstProbe <= enrolPerPerson) {
      throw new IllegalArgumentException("enrol at least one image and probe after the enrolled"
          + " ones: got " + enrolPerPerson + " enrolled, first probe at " + firstProbe);
    }
    List<List<Path>> enrolled = new ArrayList<>();
    List<Probe> mated = new ArrayList<>();
    List<Path> nonMated = new ArrayList<>();
    for (List<Path> images : imagesByPerson(dataset)) {
      if (images.size() >= firstProbe) {
        int id = enrolled.size();
        enrolled.add(List.copyOf(images.subList(0, enrolPerPerson)));
        images.subList(firstProbe - 1, images.size()).forEach(p -> mated.add(new Probe(p, id)));
      } else if (!images.isEmpty()) {
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
   * Scores the split by exhaustive search (the exact ground truth). An identity none of whose
   * enrolment images has a template cannot be found; a probe without one counts as a miss
   * (mated) or as rejected (non-mated).
   */
  public static IdentificationResult evaluate(Split split, Map<Path, Optional<float[]>> templates,
      SubjectTemplate subjectTemplate) {
    EnrolledFaces gallery = EnrolledFaces.of(split, templates);
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
      double[] scores = gallery.identityScores(t.get(), subjectTemplate);
      double mate = scores[probe.identity()];
      int rank = 1;
      for (int i = 0; i < scores.length; i++) {
        matedTop[p] = Math.max(matedTop[p], scores[i]);
        if (i != probe.identity() && scores[i] > mate) {
          rank++;
        }
      }
      if (mate > Double.NEGATIVE_INFINITY && rank <= 5) {
        hits5++;
        if (rank == 1) {
          hits1++;
          matedRight[p] = true;
        }
      }
    }
    double[] nonMatedTop = new double[split.nonMated().size()];
    for (int p = 0; p < nonMatedTop.length; p++) {
      Optional<float[]> t = templates.getOrDefault(split.nonMated().get(p), Optional.empty());
      nonMatedTop[p] = t.isEmpty() ? Double.NEGATIVE_INFINITY
          : Arrays.stream(gallery.identityScores(t.get(), subjectTemplate)).max()
              .orElse(Double.NEGATIVE_INFINITY);
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
   * (mated or not) against every enrolled face of every identity that is not its own.
   *
   * @param thresholds ascending similarity thresholds
   * @return for each threshold, the fraction of impostor comparisons scoring at or above it, and
   *     in the last slot the number of impostor comparisons
   */
  public static double[] impostorFmr(Split split, Map<Path, Optional<float[]>> templates, double[] thresholds) {
    EnrolledFaces gallery = EnrolledFaces.of(split, templates);
    long[] above = new long[thresholds.length];
    long total = 0;
    List<Probe> probes = new ArrayList<>(split.mated());
    split.nonMated().forEach(p -> probes.add(new Probe(p, -1)));
    for (Probe probe : probes) {
      Optional<float[]> t = templates.getOrDefault(probe.image(), Optional.empty());
      if (t.isEmpty()) {
        continue;
      }
      for (int id = 0; id < gallery.faces().size(); id++) {
        if (id == probe.identity()) {
          continue;
        }
        for (float[] face : gallery.faces().get(id)) {
          double s = dot(t.get(), face);
          total++;
          for (int k = 0; k < thresholds.length && s >= thresholds[k]; k++) {
            above[k]++;
          }
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

  /**
   * The enrolled templates of each identity, and each identity's fused template (null when it
   * has no face).
   */
  private record EnrolledFaces(List<List<float[]>> faces, List<FusedTemplate> fused) {
    static EnrolledFaces of(Split split, Map<Path, Optional<float[]>> templates) {
      List<List<float[]>> faces = new ArrayList<>();
      List<FusedTemplate> fused = new ArrayList<>();
      for (List<Path> images : split.enrolled()) {
        List<float[]> own = images.stream()
            .map(image -> templates.getOrDefault(image, Optional.empty()))
            .flatMap(Optional::stream).toList();
        faces.add(own);
        fused.add(own.isEmpty() ? null : FusedTemplate.of(own));
      }
      return new EnrolledFaces(faces, fused);
    }

    /** Each identity's score, negative infinity for one without a face. */
    double[] identityScores(float[] probe, SubjectTemplate how) {
      double[] scores = new double[faces.size()];
      for (int id = 0; id < scores.length; id++) {
        scores[id] = Double.NEGATIVE_INFINITY;
        if (how == SubjectTemplate.FUSED) {
          if (fused.get(id) != null) {
            scores[id] = fused.get(id).similarity(probe);
          }
        } else {
          for (float[] face : faces.get(id)) {
            scores[id] = Math.max(scores[id], dot(probe, face));
          }
        }
      }
      return scores;
    }
  }
}
