package candor.core.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * One reviewer's decision on one candidate of one search.
 *
 * @param searchId the search
 * @param faceId the candidate face
 * @param reviewer the user who reviewed
 * @param keyId the key they used
 * @param verdict confirmed or rejected
 * @param note why, in the reviewer's words
 * @param collection the candidate's collection
 * @param at when
 */
public record Review(
    String searchId,
    long faceId,
    String reviewer,
    String keyId,
    Verdict verdict,
    String note,
    String collection,
    Instant at) {

  /**
   * Validates.
   *
   * @throws NullPointerException if an argument is null
   */
  public Review {
    Objects.requireNonNull(searchId, "searchId");
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(at, "at");
  }
}
