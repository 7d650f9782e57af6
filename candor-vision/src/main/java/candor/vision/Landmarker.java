package candor.vision;

/**
 * Locates facial landmarks inside a detected face box. Thread-safe.
 */
public interface Landmarker extends AutoCloseable {
  /**
   * The landmarks of the face in {@code box}.
   *
   * @param pixels the image the box refers to, 3-byte BGR, at the same scale as {@code box}
   * @param box the face box in pixels of {@code pixels}
   * @return landmarks in pixels of {@code pixels}
   */
  Landmarks locate(java.awt.image.BufferedImage pixels, BoundingBox box);

  @Override
  void close();
}
