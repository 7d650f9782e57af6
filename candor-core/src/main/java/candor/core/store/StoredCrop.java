package candor.core.store;

import candor.core.model.BoundingBox;
import java.util.Objects;

/**
 * Where a stored face's crop belongs, without the face's template: what an ingest re-run needs
 * to see whether the crop file is there, at the cost of no decryption.
 *
 * @param faceId the face's id
 * @param box the face's box in its image, in pixels
 * @param path the crop's path relative to the data directory, or {@code null} if it has none
 * @param sha256 the crop's digest, or {@code null} if it has none
 */
public record StoredCrop(long faceId, BoundingBox box, String path, String sha256) {

  /**
   * Validates the reference.
   *
   * @throws NullPointerException if {@code box} is null
   */
  public StoredCrop {
    Objects.requireNonNull(box, "box");
  }
}
