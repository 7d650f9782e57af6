package candor.index;

import java.util.Objects;

/**
 * One neighbour found by a search.
 *
 * @param id the id the template was added with
 * @param score the cosine similarity between the query and the stored template, in [-1, 1]
 *     (higher is more similar); computed exactly from the full-precision vectors, never from a
 *     quantized approximation. Calibrating it into a false-match rate is the caller's job.
 * @param collection the collection the template was added to
 */
public record SearchHit(long id, float score, String collection) {

  /**
   * Validates the hit.
   *
   * @throws NullPointerException if {@code collection} is null
   * @throws IllegalArgumentException if {@code score} is not within [-1, 1]
   */
  public SearchHit {
    Objects.requireNonNull(collection, "collection");
    if ((score >= -1f && score <= 1f) == false) {
      throw new IllegalArgumentException("score must be within [-1, 1], got " + score);
    }
  }
}
