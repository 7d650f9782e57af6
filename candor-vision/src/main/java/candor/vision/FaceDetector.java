package candor.vision;

import java.util.List;

/**
 * Finds faces in an image.
 *
 * <p>Implementations map boxes and landmarks back to the original image's pixels (dividing by
 * {@link DecodedImage#scale()}), order faces by descending score, and return an empty list, never
 * an error, when there is no face. They are thread-safe: one instance serves all threads.
 */
public interface FaceDetector extends AutoCloseable {
  /** The faces in {@code image}, best first; empty when there is none. */
  List<DetectedFace> detect(DecodedImage image);

  /** Whether this detector gives five landmarks itself, so no landmarker is needed. */
  default boolean givesLandmarks() {
    return false;
  }

  /**
   * The decode scale (decoded pixels per original pixel) this detector needs for an image of this
   * size to find faces down to its minimum size: a larger image can be decoded subsampled, which
   * is much cheaper for JPEG. 1 when it needs full resolution.
   */
  default double requiredScale(int width, int height) {
    return 1.0;
  }

  @Override
  void close();
}
