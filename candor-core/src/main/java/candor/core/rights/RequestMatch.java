package candor.core.rights;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A face an access request found above its threshold, and what was done with it.
 *
 * @param requestId the request
 * @param faceId the face (it may have been erased since)
 * @param collection the face's collection
 * @param rank 1 for the most similar
 * @param score the cosine similarity between the requester's photo and the face
 * @param fmr the estimated false match rate at {@code score}, or {@code null} when uncalibrated
 * @param fmrBound {@code ESTIMATE}, {@code BELOW} or {@code AT_LEAST} (see {@link
 *     candor.core.gallery.FalseMatchEstimate.Bound}), or {@code null} with {@code fmr}
 * @param outcome erased or retained, or {@code null} while nothing was done with it
 * @param outcomeReference for a retained face, the reference of the basis that overrides the
 *     request; otherwise {@code null}
 * @param outcomeNote why, or {@code null}
 * @param outcomeBy who decided it, or {@code null}
 * @param outcomeAt when, or {@code null}
 */
public record RequestMatch(
    UUID requestId,
    long faceId,
    String collection,
    int rank,
    float score,
    Double fmr,
    String fmrBound,
    MatchOutcome outcome,
    String outcomeReference,
    String outcomeNote,
    String outcomeBy,
    Instant outcomeAt) {

  /**
   * Validates.
   *
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if the rank is not positive
   */
  public RequestMatch {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(collection, "collection");
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be positive, got " + rank);
    }
  }

  /**
   * A match just found, with nothing done with it yet.
   *
   * @param requestId the request
   * @param faceId the face
   * @param collection its collection
   * @param rank its rank
   * @param score its similarity
   * @param fmr its estimated false match rate, or {@code null}
   * @param fmrBound the estimate's bound, or {@code null}
   * @return the match
   */
  public static RequestMatch found(UUID requestId, long faceId, String collection, int rank,
      float score, Double fmr, String fmrBound) {
    return new RequestMatch(requestId, faceId, collection, rank, score, fmr, fmrBound, null, null,
        null, null, null);
  }
}
