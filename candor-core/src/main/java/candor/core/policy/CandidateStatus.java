package candor.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * A search candidate's reviews and the state they add up to.
 *
 * @param searchId the search
 * @param faceId the candidate face
 * @param state the state
 * @param reviews the reviews, oldest first; copied
 */
public record CandidateStatus(
    String searchId, long faceId, CandidateState state, List<Review> reviews) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public CandidateStatus {
    Objects.requireNonNull(searchId, "searchId");
    Objects.requireNonNull(state, "state");
    reviews = List.copyOf(reviews);
  }

  /**
   * Computes the status from the reviews.
   *
   * @param searchId the search
   * @param faceId the face
   * @param reviews its reviews
   * @return the status
   */
  public static CandidateStatus of(String searchId, long faceId, List<Review> reviews) {
    long confirming = reviews.stream().filter(r -> r.verdict() == Verdict.CONFIRMED)
        .map(Review::reviewer).distinct().count();
    long rejecting = reviews.stream().filter(r -> r.verdict() == Verdict.REJECTED)
        .map(Review::reviewer).distinct().count();
    return new CandidateStatus(searchId, faceId, CandidateState.of(confirming, rejecting),
        reviews);
  }
}
