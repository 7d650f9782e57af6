package candor.core.review;

import candor.core.gallery.FalseMatchEstimate;
import candor.core.model.LawfulBasis;
import candor.core.model.Quality;
import candor.core.model.Subject;
import candor.core.policy.CandidateState;
import candor.core.policy.Review;
import java.util.List;
import java.util.Objects;

/**
 * One candidate of a search as one reader may see it: what to compare the probe with, and the
 * decisions on it when the reader may see them.
 *
 * <p>Blind: when {@code blind} is true the reader may still decide and has not, so the state and
 * the other users' decisions and notes are left out ({@code state} is {@code null}, {@code
 * reviews} empty); a verifier judges the faces before learning what anyone else concluded.
 *
 * @param faceId the candidate face
 * @param rank 1 for the most similar
 * @param score the similarity the search measured, or {@code null} when the search recorded none
 * @param fmr the estimated false match rate at {@code score}, or {@code null} when not calibrated
 *     or not recorded
 * @param weak whether the candidate is weak under the deployment's review threshold (no estimate
 *     counts as weak); confirming it needs a written reason
 * @param erased whether the face has been erased since the search (then nothing below is known,
 *     and it cannot be reviewed)
 * @param collection the face's collection, or {@code null} when erased
 * @param subject the face's subject, or {@code null} for an unidentified or erased face
 * @param basis the lawful basis for holding the face: the subject's, or for an unidentified face
 *     its collection's default; {@code null} when erased
 * @param basisFromCollection whether {@code basis} is the collection's default (an unidentified
 *     face's own basis is in its image's {@code media.ingest} audit entry)
 * @param source where the face's image came from, or {@code null} when erased or unknown
 * @param quality the face's quality score and the reasons that lowered it, or {@code null} when
 *     erased
 * @param hasCrop whether a crop of the face is kept (readable by who may read the face)
 * @param blind whether the decisions are hidden from this reader
 * @param state the candidate's review state, or {@code null} when blind
 * @param reviews the decisions, oldest first; empty when blind; copied
 * @param landmarks the face's 5 landmarks on its crop, {@code [x0, y0, ..., x4, y4]} as fractions
 *     of the crop's width and height (see {@link candor.core.gallery.CropGeometry}); empty when
 *     erased or the image is unknown; copied
 */
public record CandidateSheet(
    long faceId,
    int rank,
    Float score,
    FalseMatchEstimate fmr,
    boolean weak,
    boolean erased,
    String collection,
    Subject subject,
    LawfulBasis basis,
    boolean basisFromCollection,
    String source,
    Quality quality,
    boolean hasCrop,
    boolean blind,
    CandidateState state,
    List<Review> reviews,
    List<Double> landmarks) {

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the rank is not positive, or a blind sheet carries a
   *     state or decisions
   */
  public CandidateSheet {
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be positive, got " + rank);
    }
    reviews = List.copyOf(reviews);
    landmarks = List.copyOf(landmarks);
    if (blind && (state != null || reviews.isEmpty() == false)) {
      throw new IllegalArgumentException("a blind sheet shows no state and no decision");
    }
    if (blind == false) {
      Objects.requireNonNull(state, "state");
    }
  }
}
