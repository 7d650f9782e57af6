package candor.vision;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Which of an image's detected faces the engine goes on to analyse (landmarks, alignment, quality,
 * template). The detector finds every face; a caller that keeps one face of a photo (an
 * enrolment photo of one subject) spares the landmarks and, above all, the template of each
 * bystander, which it would throw away.
 */
@FunctionalInterface
public interface FaceFilter {

  /** Every detected face. */
  FaceFilter ALL = (boxes, width, height) -> IntStream.range(0, boxes.size()).toArray();

  /**
   * Chooses the faces to analyse.
   *
   * @param boxes the detected faces' boxes, best detection first, in pixels of the
   *     orientation-corrected image
   * @param width the image's width in pixels
   * @param height the image's height in pixels
   * @return the indexes into {@code boxes} of the faces to analyse; the analysis keeps the
   *     detection order
   */
  int[] keep(List<BoundingBox> boxes, int width, int height);
}
