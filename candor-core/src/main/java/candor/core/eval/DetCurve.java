package candor.core.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Error counts of sorted similarity scores at thresholds: a pair matches when its score is at
 * or above the threshold. The false match rate of impostor pairs and the false non-match rate of
 * genuine pairs at a series of thresholds make a detection error trade-off (DET) curve.
 *
 * <p>Pure arithmetic on arrays sorted ascending; thread-safe.
 */
public final class DetCurve {
  private DetCurve() {}

  /**
   * One point of a DET curve.
   *
   * @param threshold the similarity threshold
   * @param fmr impostor pairs at or above it, as a fraction; null without impostor pairs
   * @param fnmr genuine pairs below it, as a fraction; null without genuine pairs
   */
  public record Point(double threshold, Double fmr, Double fnmr) {}

  /**
   * Counts the scores at or above a threshold: false matches among impostor scores.
   *
   * @param sorted scores, ascending
   * @param threshold the threshold
   * @return how many are at or above it
   */
  public static int atOrAbove(float[] sorted, double threshold) {
    int lo = 0;
    int hi = sorted.length; // first index whose score is >= threshold lies in [lo, hi]
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] >= threshold) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return sorted.length - lo;
  }

  /**
   * Counts the scores below a threshold: false non-matches among genuine scores.
   *
   * @param sorted scores, ascending
   * @param threshold the threshold
   * @return how many are below it
   */
  public static int below(float[] sorted, double threshold) {
    return sorted.length - atOrAbove(sorted, threshold);
  }

  /**
   * The lowest threshold at which at most {@code floor(fmr * n)} of n impostor scores match: just
   * above the (that many + 1)-th highest score.
   *
   * @param impostorSorted impostor scores, ascending
   * @param fmr the false match rate allowed, in (0, 1)
   * @return the threshold; negative infinity when every score may match
   */
  public static double thresholdAtFmr(float[] impostorSorted, double fmr) {
    int n = impostorSorted.length;
    long allowed = (long) Math.floor(fmr * n);
    return allowed >= n ? Double.NEGATIVE_INFINITY : Math.nextUp((double) impostorSorted[(int) (n - 1 - allowed)]);
  }

  /**
   * The DET points at the given thresholds.
   *
   * @param genuineSorted genuine scores, ascending
   * @param impostorSorted impostor scores, ascending
   * @param thresholds the thresholds, in the order the points should come
   * @return one point per threshold
   */
  public static List<Point> points(float[] genuineSorted, float[] impostorSorted, double[] thresholds) {
    List<Point> points = new ArrayList<>(thresholds.length);
    for (double t : thresholds) {
      points.add(new Point(t,
          impostorSorted.length == 0 ? null : (double) atOrAbove(impostorSorted, t) / impostorSorted.length,
          genuineSorted.length == 0 ? null : (double) below(genuineSorted, t) / genuineSorted.length));
    }
    return points;
  }
}
