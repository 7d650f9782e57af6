package candor.core.store;

import candor.core.model.Media;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What an erasure removed from the store, for the caller to finish the job (remove the faces
 * from the vector index, delete crop and original files) and to record in the audit log.
 *
 * <p>Privacy: it holds identifiers, paths and counts, never biometric data, so it is safe to
 * audit.
 *
 * @param at when the erasure committed (to the microsecond)
 * @param faces the faces deleted, each with its tombstone's sequence number; copied
 * @param media the images whose records were deleted (their original files, if kept, are the
 *     caller's to delete); copied
 * @param subjects the subjects deleted; copied
 */
public record ErasureReceipt(
    Instant at, List<ErasedFace> faces, List<Media> media, List<UUID> subjects) {

  /**
   * One deleted face.
   *
   * @param faceId the face's id (its id in the vector index)
   * @param tombstoneSequence the sequence number of its deletion in the change log
   * @param collection its collection
   * @param cropPath its crop file, relative to the data directory, or {@code null}
   */
  public record ErasedFace(long faceId, long tombstoneSequence, String collection, String cropPath) {

    /**
     * Validates the face.
     *
     * @throws NullPointerException if {@code collection} is null
     */
    public ErasedFace {
      Objects.requireNonNull(collection, "collection");
    }
  }

  /**
   * Validates and copies the arguments.
   *
   * @throws NullPointerException if an argument is null
   */
  public ErasureReceipt {
    Objects.requireNonNull(at, "at");
    faces = List.copyOf(faces);
    media = List.copyOf(media);
    subjects = List.copyOf(subjects);
  }

  /**
   * Returns the ids of the deleted faces, to remove from the vector index.
   *
   * @return the face ids, in tombstone order
   */
  public List<Long> faceIds() {
    return faces.stream().map(ErasedFace::faceId).toList();
  }

  /**
   * Returns the tombstones' sequence numbers.
   *
   * @return the sequence numbers, ascending
   */
  public List<Long> tombstoneSequences() {
    return faces.stream().map(ErasedFace::tombstoneSequence).toList();
  }

  /**
   * Returns how many faces were erased.
   *
   * @return the count
   */
  public int facesErased() {
    return faces.size();
  }

  /**
   * Returns how many image records were erased.
   *
   * @return the count
   */
  public int mediaErased() {
    return media.size();
  }

  /**
   * Returns how many subjects were erased.
   *
   * @return the count
   */
  public int subjectsErased() {
    return subjects.size();
  }
}
