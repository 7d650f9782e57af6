package candor.core.gallery;

import candor.core.model.BoundingBox;
import candor.core.model.Subject;
import java.util.Objects;

/**
 * One face a search proposes for human review, never an identification: who it belongs to (if
 * known), how similar it is, how often a stranger scores as high, and where it came from.
 *
 * @param rank 1 for the most similar
 * @param faceId the stored face's id
 * @param score the cosine similarity between probe and face templates, in [-1, 1]
 * @param fmr the estimated false match rate at {@code score}, or {@code null} when no calibration
 *     table ships for the model
 * @param collection the face's collection
 * @param subject the face's subject, or {@code null} for an unidentified face
 * @param mediaSha256 the SHA-256 of the image the face was found in
 * @param source where that image came from
 * @param cropPath the face's sealed crop, relative to the data directory, or {@code null}
 * @param box the face's box in the image, in pixels
 * @param matchedFaces how many of the subject's faces were among the search's nearest templates
 *     (the best of them is this candidate's face); 1 for a face search or an unidentified face
 * @param subjectScore what the candidate was ranked by: in a subject search, the cosine
 *     similarity between the probe and the subject's fused template (the normalised mean of
 *     their faces' templates); otherwise, and for a subject with one face, {@code score}. Not
 *     calibrated: {@code fmr} goes with {@code score}
 * @param weak whether the candidate is weak under the search's review threshold: its estimated
 *     false match rate is above it, or it has none (see {@link ReviewTerms}); confirming a weak
 *     candidate needs a written reason
 */
public record Candidate(
    int rank,
    long faceId,
    float score,
    FalseMatchEstimate fmr,
    String collection,
    Subject subject,
    String mediaSha256,
    String source,
    String cropPath,
    BoundingBox box,
    int matchedFaces,
    float subjectScore,
    boolean weak) {

  /**
   * Validates the candidate.
   *
   * @throws IllegalArgumentException if the rank or {@code matchedFaces} is not positive
   * @throws NullPointerException if a required component is null
   */
  public Candidate {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be positive, got " + rank);
    }
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(mediaSha256, "mediaSha256");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(box, "box");
    if (matchedFaces < 1) {
      throw new IllegalArgumentException("matchedFaces must be positive, got " + matchedFaces);
    }
  }
}
