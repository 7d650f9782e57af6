package candor.core.store;

import java.util.Set;

/**
 * A search candidate as its review needs it kept: the face, its rank, its similarity to the probe
 * and the estimated false match rate at that similarity. No biometric data.
 *
 * @param faceId the candidate face's id
 * @param rank 1 for the most similar
 * @param score the cosine similarity between the probe's and the face's templates, in [-1, 1]
 * @param fmr the estimated false match rate at {@code score}, in (0, 1], or {@code null} when no
 *     calibration ships for the model
 * @param fmrBound how {@code fmr} relates to the calibration table: {@code "ESTIMATE"}, {@code
 *     "BELOW"} or {@code "AT_LEAST"} (the names of {@code
 *     candor.core.gallery.FalseMatchEstimate.Bound}); {@code null} exactly when {@code fmr} is
 */
public record ScoredCandidate(long faceId, int rank, float score, Double fmr, String fmrBound) {

  private static final Set<String> BOUNDS = Set.of("ESTIMATE", "BELOW", "AT_LEAST");

  /**
   * Validates the candidate.
   *
   * @throws IllegalArgumentException if the rank is not positive, the score is not finite, or
   *     {@code fmr} and {@code fmrBound} are not both given or both null
   */
  public ScoredCandidate {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be positive, got " + rank);
    }
    if (Float.isFinite(score) == false) {
      throw new IllegalArgumentException("score must be finite, got " + score);
    }
    if ((fmr == null) != (fmrBound == null)) {
      throw new IllegalArgumentException(
          "fmr and fmrBound go together, got " + fmr + " and " + fmrBound);
    }
    if (fmrBound != null && BOUNDS.contains(fmrBound) == false) {
      throw new IllegalArgumentException(
          "fmrBound must be ESTIMATE, BELOW or AT_LEAST, got " + fmrBound);
    }
    if (fmr != null && (fmr > 0 && fmr <= 1) == false) {
      throw new IllegalArgumentException("fmr must be in (0, 1], got " + fmr);
    }
  }
}
