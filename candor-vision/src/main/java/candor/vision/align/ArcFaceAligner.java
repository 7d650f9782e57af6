package candor.vision.align;

import candor.vision.Landmarks;

/**
 * Aligns a face onto the ArcFace 112x112 template by a least-squares similarity of its five
 * landmarks, and cuts the crop the embedder reads: {@link Alignment#ARCFACE_112}'s operations
 * under their original names. Stateless and thread-safe.
 */
public final class ArcFaceAligner {
  /** Side of the aligned crop in pixels. */
  public static final int SIZE = 112;

  private ArcFaceAligner() {}

  /** The transform from image pixels to the aligned crop for these landmarks. */
  public static SimilarityTransform transform(Landmarks landmarks) {
    return Alignment.ARCFACE_112.transform(landmarks);
  }

  /**
   * The aligned 112x112 BGR crop.
   *
   * @param image the image, at the scale of {@code landmarks}
   * @param landmarks five points in pixels of {@code image}
   */
  public static BgrPixels align(BgrPixels image, Landmarks landmarks) {
    return Alignment.ARCFACE_112.align(image, landmarks);
  }

  /**
   * The aligned crop, halving the face's neighbourhood first when the crop would shrink it by more
   * than two: bilinear sampling alone aliases at large reductions.
   *
   * @param image the image, at the scale of {@code landmarks}
   * @param landmarks five points in pixels of {@code image}
   */
  public static BgrPixels alignAntiAliased(BgrPixels image, Landmarks landmarks) {
    return Alignment.ARCFACE_112.alignAntiAliased(image, landmarks);
  }

  /**
   * The template's five points (copy), x,y pairs in crop pixels: where the ArcFace reference
   * points published with InsightFace's models sit in the 112x112 crop (left eye, right eye, nose
   * tip, left and right mouth corners).
   */
  public static float[] template() {
    return Alignment.ARCFACE_112.points();
  }
}
