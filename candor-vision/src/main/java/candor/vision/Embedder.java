package candor.vision;

import java.awt.image.BufferedImage;

/**
 * Turns an aligned face crop into a template. Thread-safe.
 */
public interface Embedder extends AutoCloseable {
  /** The side of the square aligned crop this embedder takes, in pixels (112 for ArcFace-style models). */
  int inputSize();

  /** The number of dimensions of the templates it produces. */
  int dimension();

  /**
   * The L2-normalised template of an aligned face.
   *
   * @param aligned a {@link #inputSize()}-square, 3-byte BGR crop from the aligner
   */
  float[] embed(BufferedImage aligned);

  @Override
  void close();
}
