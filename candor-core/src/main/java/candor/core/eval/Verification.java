package candor.core.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The verification protocol on scored pairs: k-fold accuracy with the threshold chosen on the
 * other k-1 folds, TAR at fixed FAR, ROC AUC and per-group error rates. Pure arithmetic, no I/O.
 */
public final class Verification {
  private Verification() {}

  /**
   * Computes the figures.
   *
   * @param pairs the pairs, with folds
   * @param scores the similarity of each pair, same order; higher means more alike
   * @param groupOf the group label of an image (e.g. from LFW's gender lists), or null when unlabelled
   * @param imagesWithoutFace carried into the result
   * @param yawOf the yaw in degrees of an image's face, or null when it has none
   */
  public static VerificationResult evaluate(List<Pair> pairs, double[] scores,
      Function<java.nio.file.Path, String> groupOf, int imagesWithoutFace, Function<java.nio.file.Path, Float> yawOf) {
    int folds = pairs.stream().mapToInt(Pair::fold).max().orElse(0) + 1;
    double[] accs = new double[folds];
    for (int f = 0; f < folds; f++) {
      accs[f] = foldAccuracy(pairs, scores, f);
    }
    double mean = Arrays.stream(accs).average().orElse(0);
    double var = Arrays.stream(accs).map(a -> (a - mean) * (a - mean)).sum() / folds;
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      all.add(i);
    }
    double threshold = bestThreshold(pairs, scores, all);
    double[] genuine = select(pairs, scores, true);
    double[] impostor = select(pairs, scores, false);
    Map<String, VerificationResult.GroupRates> groups = groupRates(pairs, scores, groupOf, threshold);
    return new VerificationResult(mean, Math.sqrt(var), tarAtFar(genuine, impostor, 1e-3),
        tarAtFar(genuine, impostor, 1e-2), auc(genuine, impostor), threshold, groups, pairs.size(), imagesWithoutFace,
        poseBuckets(pairs, scores, yawOf, threshold));
  }

  /**
   * The accuracy on one fold's pairs at the threshold with the best accuracy on the other folds'
   * pairs. Callers that score each fold differently (a transform learned without that fold's
   * people, say) call it once per fold with that fold's scores.
   */
  public static double foldAccuracy(List<Pair> pairs, double[] scores, int fold) {
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      (pairs.get(i).fold() == fold ? test : train).add(i);
    }
    return accuracy(pairs, scores, test, bestThreshold(pairs, scores, train));
  }

  /** The yaw buckets, by the larger |yaw| of a pair's two faces. */
  static String bucket(double absYaw) {
    return absYaw < 30 ? "<30" : absYaw <= 60 ? "30-60" : ">60";
  }

  private static Map<String, VerificationResult.BucketAccuracy> poseBuckets(List<Pair> pairs, double[] scores,
      Function<java.nio.file.Path, Float> yawOf, double t) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String b : List.of("<30", "30-60", ">60")) {
      counts.put(b, new int[2]);
    }
    for (int i = 0; i < pairs.size(); i++) {
      Float y1 = yawOf.apply(pairs.get(i).first());
      Float y2 = yawOf.apply(pairs.get(i).second());
      if (y1 == null || y2 == null) {
        continue;
      }
      int[] c = counts.get(bucket(Math.max(Math.abs(y1), Math.abs(y2))));
      c[1]++;
      if ((scores[i] >= t) == pairs.get(i).genuine()) {
        c[0]++;
      }
    }
    Map<String, VerificationResult.BucketAccuracy> out = new LinkedHashMap<>();
    counts.forEach((b, c) -> out.put(b, new VerificationResult.BucketAccuracy(c[1] == 0 ? 0 : (double) c[0] / c[1], c[1])));
    return out;
  }

  /** The threshold with the best accuracy on the given pairs: midpoints between sorted scores. */
  static double bestThreshold(List<Pair> pairs, double[] scores, List<Integer> idx) {
    double[] s = idx.stream().mapToDouble(i -> scores[i]).sorted().toArray();
    double best = s.length == 0 ? 0 : s[0] - 1e-6;
    double bestAcc = -1;
    for (int k = 0; k <= s.length; k++) {
      double t = k == 0 ? s[0] - 1e-6 : k == s.length ? s[s.length - 1] + 1e-6 : (s[k - 1] + s[k]) / 2;
      double acc = accuracy(pairs, scores, idx, t);
      if (acc > bestAcc) {
        bestAcc = acc;
        best = t;
      }
    }
    return best;
  }

  static double accuracy(List<Pair> pairs, double[] scores, List<Integer> idx, double t) {
    int right = 0;
    for (int i : idx) {
      if ((scores[i] >= t) == pairs.get(i).genuine()) {
        right++;
      }
    }
    return idx.isEmpty() ? 0 : (double) right / idx.size();
  }

  private static double[] select(List<Pair> pairs, double[] scores, boolean genuine) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (pairs.get(i).genuine() == genuine) {
        out.add(scores[i]);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  /** TAR at the given FAR over scored pairs: {@link #tarAtFar(double[], double[], double)} on their two sides. */
  public static double tarAtFar(List<Pair> pairs, double[] scores, double far) {
    return tarAtFar(select(pairs, scores, true), select(pairs, scores, false), far);
  }

  /**
   * The fraction of genuine scores at or above the lowest threshold whose false accept rate does
   * not exceed {@code far}. With n impostors, at most floor(far * n) may pass.
   */
  public static double tarAtFar(double[] genuineSorted, double[] impostorSorted, double far) {
    int n = impostorSorted.length;
    int allowed = (int) Math.floor(far * n);
    // threshold just above the (allowed+1)-th highest impostor score
    double t = allowed >= n ? Double.NEGATIVE_INFINITY : Math.nextUp(impostorSorted[n - 1 - allowed]);
    int accepted = 0;
    for (double g : genuineSorted) {
      if (g >= t) {
        accepted++;
      }
    }
    return genuineSorted.length == 0 ? 0 : (double) accepted / genuineSorted.length;
  }

  /** ROC AUC as the probability that a genuine pair outscores an impostor pair (ties count half). */
  public static double auc(double[] genuineSorted, double[] impostorSorted) {
    long wins2 = 0;
    int j = 0;
    int k = 0;
    for (double g : genuineSorted) {
      while (j < impostorSorted.length && impostorSorted[j] < g) {
        j++;
      }
      k = j;
      while (k < impostorSorted.length && impostorSorted[k] == g) {
        k++;
      }
      wins2 += 2L * j + (k - j);
    }
    return wins2 / (2.0 * genuineSorted.length * impostorSorted.length);
  }

  private static Map<String, VerificationResult.GroupRates> groupRates(List<Pair> pairs, double[] scores,
      Function<java.nio.file.Path, String> groupOf, double t) {
    Map<String, int[]> counts = new LinkedHashMap<>(); // fm, impostors, fnm, genuines
    for (int i = 0; i < pairs.size(); i++) {
      Pair p = pairs.get(i);
      String g1 = groupOf.apply(p.first());
      String g2 = groupOf.apply(p.second());
      if (g1 == null || !g1.equals(g2)) {
        continue;
      }
      int[] c = counts.computeIfAbsent(g1, k -> new int[4]);
      boolean match = scores[i] >= t;
      if (p.genuine()) {
        c[3]++;
        if (!match) {
          c[2]++;
        }
      } else {
        c[1]++;
        if (match) {
          c[0]++;
        }
      }
    }
    Map<String, VerificationResult.GroupRates> out = new LinkedHashMap<>();
    counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      int[] c = e.getValue();
      out.put(e.getKey(), new VerificationResult.GroupRates(
          c[1] == 0 ? 0 : (double) c[0] / c[1], c[3] == 0 ? 0 : (double) c[2] / c[3], c[1], c[3]));
    });
    return out;
  }
}
