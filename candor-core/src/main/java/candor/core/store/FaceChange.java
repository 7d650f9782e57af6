package candor.core.store;

import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import java.util.Objects;

/**
 * One entry of the gallery's change log, which the vector index replays in sequence order to
 * catch up with the store: a face was added, or a face was deleted (a tombstone).
 *
 * <p>Sequence numbers increase strictly in commit order, so an index that has applied every
 * change up to {@code n} only needs {@code changesSince(n)}. Gaps are possible: the addition of a
 * face that was later erased is dropped from the log, and only its tombstone remains.
 */
public sealed interface FaceChange {

  /**
   * Returns this change's position in the log.
   *
   * @return the sequence number, positive
   */
  long sequence();

  /**
   * Returns the id of the face changed.
   *
   * @return the face id
   */
  long faceId();

  /**
   * A face was added. Privacy: carries the decrypted template for the index.
   *
   * @param sequence the change's sequence number (equal to the face's)
   * @param face the face as stored
   */
  record Added(long sequence, Face face) implements FaceChange {

    /**
     * Validates the change.
     *
     * @throws NullPointerException if {@code face} is null
     * @throws IllegalArgumentException if the sequence differs from the face's
     */
    public Added {
      Objects.requireNonNull(face, "face");
      if (sequence != face.sequence()) {
        throw new IllegalArgumentException(
            "sequence " + sequence + " differs from the face's " + face.sequence());
      }
    }

    /**
     * Returns the added face's id.
     *
     * @return the face id
     */
    @Override
    public long faceId() {
      return face.id();
    }
  }

  /**
   * A face was deleted (erased): the index must remove it.
   *
   * @param sequence the tombstone's sequence number
   * @param faceId the deleted face's id
   * @param collection the collection the face was in
   */
  record Deleted(long sequence, long faceId, String collection) implements FaceChange {

    /**
     * Validates the change.
     *
     * @throws IllegalArgumentException if a number is not positive or the collection name is
     *     invalid
     */
    public Deleted {
      if (sequence <= 0 || faceId <= 0) {
        throw new IllegalArgumentException(
            "sequence and faceId must be positive, got " + sequence + " and " + faceId);
      }
      CollectionInfo.checkName(collection);
    }
  }
}
