package candor.core.gallery;

import candor.core.model.BoundingBox;
import candor.vision.Face;
import java.util.List;
import java.util.Optional;

/**
 * Which face of a probe photo a search uses: a rule such as the largest face ({@link
 * candor.core.eval.FaceChoice}), or the face a person picked by its box ({@link #at}).
 */
public interface FaceSelector {

  /**
   * Chooses one face among those the pipeline found.
   *
   * @param faces the faces found, boxes in pixels of the orientation-corrected image
   * @param width the image's width in pixels
   * @param height the image's height in pixels
   * @return the chosen face, or empty when a rule finds none (no face in the photo)
   * @throws candor.core.model.InvalidRequestException when the selector names a face the photo
   *     does not hold (see {@link FaceAt})
   */
  Optional<Face> choose(List<Face> faces, int width, int height);

  /**
   * Selects the face at a box, as {@code POST /v1/detect} reported it for the same photo.
   *
   * @param box the face's box in pixels of the orientation-corrected image
   * @return the selector
   */
  static FaceSelector at(BoundingBox box) {
    return new FaceAt(box);
  }
}
