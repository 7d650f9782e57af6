package candor.core.eval;

import java.util.Map;

/**
 * Figures of a verification run; fractions in 0..1.
 *
 * @param accuracyMean mean k-fold accuracy (threshold chosen on the other folds)
 * @param accuracyStd standard deviation of the per-fold accuracies
 * @param tarAtFar1e3 true accept rate at a false accept rate of 1e-3, over all pairs
 * @param tarAtFar1e2 true accept rate at a false accept rate of 1e-2
 * @param auc area under the ROC curve
 * @param threshold the operating threshold: the best-accuracy threshold over all pairs
 * @param groups false match and false non-match rates per labelled group at that threshold
 * @param pairs number of pairs
 * @param imagesWithoutFace images in which no face was found (their pairs score -1)
 * @param poseBuckets accuracy at the operating threshold per yaw bucket of the pair's more
 *     turned face ({@code <30}, {@code 30-60}, {@code >60} degrees); pairs with a missing face
 *     are left out
 */
public record VerificationResult(
    double accuracyMean,
    double accuracyStd,
    double tarAtFar1e3,
    double tarAtFar1e2,
    double auc,
    double threshold,
    Map<String, GroupRates> groups,
    int pairs,
    int imagesWithoutFace,
    Map<String, BucketAccuracy> poseBuckets) {

  /**
   * Accuracy of the pairs in one pose bucket.
   *
   * @param accuracy fraction of the bucket's pairs decided right at the operating threshold
   * @param pairs number of pairs in the bucket
   */
  public record BucketAccuracy(double accuracy, int pairs) {}


  /**
   * Error rates of one group at the operating threshold.
   *
   * @param fmr false match rate over impostor pairs whose two images both carry the label
   * @param fnmr false non-match rate over genuine pairs of the label
   * @param impostorPairs impostor pairs counted
   * @param genuinePairs genuine pairs counted
   */
  public record GroupRates(double fmr, double fnmr, int impostorPairs, int genuinePairs) {}
}
