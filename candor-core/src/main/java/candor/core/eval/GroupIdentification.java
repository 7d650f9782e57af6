package candor.core.eval;

import static candor.vision.Embedding.dot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 1:N searches behind per-group identification error rates: every identity with at least two
 * images is enrolled with its first; each of its other images is a mated probe; the one image of
 * every single-image identity is a non-mated probe (its person is not in the gallery). Probes are
 * scored against every enrolled image by cosine similarity (an exhaustive search, the ground
 * truth of the index).
 *
 * <p>Per group the rates come from the probes of the group's identities against the whole
 * gallery: the errors that put a group's innocent members in front of investigators are false
 * positives against anyone enrolled.
 *
 * <p>Pure arithmetic; thread-safe.
 */
public final class GroupIdentification {
  private GroupIdentification() {}

  /**
   * The outcome of every probe.
   *
   * @param gallery enrolled identities
   * @param matedIdentity for each mated probe, its identity (index into the input)
   * @param rank1 for each mated probe, whether its mate scored highest (ties count as found); false
   *     when the probe or the mate's enrolment image had no face
   * @param mateScore for each mated probe, the similarity to its mate; negative infinity without
   *     a face
   * @param nonMatedIdentity for each non-mated probe, its identity
   * @param nonMatedTopScore for each non-mated probe, its highest similarity to anyone enrolled;
   *     negative infinity without a face
   */
  public record Outcomes(int gallery, int[] matedIdentity, boolean[] rank1, double[] mateScore,
      int[] nonMatedIdentity, double[] nonMatedTopScore) {}

  /**
   * Runs the searches.
   *
   * @param templates per identity, per image, its L2-normalised template or null when the image
   *     had no face
   * @return every probe's outcome
   */
  public static Outcomes search(List<List<float[]>> templates) {
    List<Integer> enrolled = new ArrayList<>();
    for (int id = 0; id < templates.size(); id++) {
      if (templates.get(id).size() >= 2) {
        enrolled.add(id);
      }
    }
    int[] galleryOf = new int[templates.size()]; // identity -> gallery position, or -1
    Arrays.fill(galleryOf, -1);
    float[][] gallery = new float[enrolled.size()][];
    for (int g = 0; g < gallery.length; g++) {
      galleryOf[enrolled.get(g)] = g;
      gallery[g] = templates.get(enrolled.get(g)).get(0);
    }
    List<int[]> mated = new ArrayList<>(); // identity, image
    List<Integer> nonMated = new ArrayList<>();
    for (int id = 0; id < templates.size(); id++) {
      int n = templates.get(id).size();
      if (n >= 2) {
        for (int i = 1; i < n; i++) {
          mated.add(new int[] {id, i});
        }
      } else if (n == 1) {
        nonMated.add(id);
      }
    }
    int[] matedIdentity = new int[mated.size()];
    boolean[] rank1 = new boolean[mated.size()];
    double[] mateScore = new double[mated.size()];
    double[] scores = new double[gallery.length];
    for (int p = 0; p < mated.size(); p++) {
      int id = mated.get(p)[0];
      matedIdentity[p] = id;
      score(templates.get(id).get(mated.get(p)[1]), gallery, scores);
      double mate = scores[galleryOf[id]];
      mateScore[p] = mate;
      boolean first = mate > Double.NEGATIVE_INFINITY;
      for (int g = 0; g < scores.length && first; g++) {
        first = scores[g] <= mate;
      }
      rank1[p] = first;
    }
    int[] nonMatedIdentity = new int[nonMated.size()];
    double[] top = new double[nonMated.size()];
    for (int p = 0; p < nonMated.size(); p++) {
      nonMatedIdentity[p] = nonMated.get(p);
      score(templates.get(nonMated.get(p)).get(0), gallery, scores);
      top[p] = Double.NEGATIVE_INFINITY;
      for (double s : scores) {
        top[p] = Math.max(top[p], s);
      }
    }
    return new Outcomes(gallery.length, matedIdentity, rank1, mateScore, nonMatedIdentity, top);
  }

  /** Fills {@code out} with the probe's similarity to each enrolled image (-inf without a face). */
  private static void score(float[] probe, float[][] gallery, double[] out) {
    for (int g = 0; g < gallery.length; g++) {
      out[g] = probe == null || gallery[g] == null ? Double.NEGATIVE_INFINITY : dot(probe, gallery[g]);
    }
  }
}
