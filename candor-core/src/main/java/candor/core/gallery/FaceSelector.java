package candor.core.gallery;

import candor.core.model.BoundingBox;
import candor.vision.Face;
import candor.vision.FaceFilter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which face of a probe photo a search uses: a rule such as the largest face ({@link
 * candor.core.eval.FaceChoice}), or the face a person picked by its box ({@link #at}).
 */
public interface FaceSelector {

  /**
   * Chooses one face by the boxes of those the detector found.
   *
   * @param boxes the faces' boxes, in pixels of the orientation-corrected image
   * @param width the image's width in pixels
   * @param height the image's height in pixels
   * @return the index of the chosen box, or empty when a rule finds none (no face in the photo)
   * @throws candor.core.model.InvalidRequestException when the selector names a face the photo
   *     does not hold (see {@link FaceAt})
   */
  OptionalInt chooseBox(List<candor.vision.BoundingBox> boxes, int width, int height);

  /**
   * Chooses one face among those the pipeline found, by their boxes.
   *
   * @param faces the faces found, boxes in pixels of the orientation-corrected image
   * @param width the image's width in pixels
   * @param height the image's height in pixels
   * @return the chosen face, or empty when a rule finds none (no face in the photo)
   * @throws candor.core.model.InvalidRequestException when the selector names a face the photo
   *     does not hold (see {@link FaceAt})
   */
  default Optional<Face> choose(List<Face> faces, int width, int height) {
    OptionalInt chosen = chooseBox(faces.stream().map(Face::box).toList(), width, height);
    return chosen.isPresent() ? Optional.of(faces.get(chosen.getAsInt())) : Optional.empty();
  }

  /**
   * Returns this selector as the engine's filter: only the chosen face is analysed and embedded,
   * for callers that keep no other (an ingest that enrols one subject per photo).
   */
  default FaceFilter asFilter() {
    return (boxes, width, height) -> chooseBox(boxes, width, height).stream().toArray();
  }

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
