package candor.vision.align;

import candor.vision.Landmarks;

/**
 * Aligns a face onto the ArcFace 112x112 template by a least-squares similarity of its five
 * landmarks, and cuts the crop the embedder reads. Stateless and thread-safe.
 */
public final class ArcFaceAligner {
  /** Side of the aligned crop in pixels. */
  public static final int SIZE = 112;

  /**
   * Where the five canonical points sit in the 112x112 crop: the reference points published with
   * InsightFace's ArcFace models (left eye, right eye, nose tip, left and right mouth corners).
   */
  private static final float[] TEMPLATE = {
    38.2946f, 51.6963f,
    73.5318f, 51.5014f,
    56.0252f, 71.7366f,
    41.5493f, 92.3655f,
    70.7299f, 92.2041f
  };

  private ArcFaceAligner() {}

  /** The transform from image pixels to the aligned crop for these landmarks. */
  public static SimilarityTransform transform(Landmarks landmarks) {
    return SimilarityTransform.fit(landmarks.five(), TEMPLATE);
  }

  /**
   * The aligned 112x112 BGR crop.
   *
   * @param image the image, at the scale of {@code landmarks}
   * @param landmarks five points in pixels of {@code image}
   */
  public static BgrPixels align(BgrPixels image, Landmarks landmarks) {
    return AffineWarp.warp(image, transform(landmarks).inverseMatrix(), SIZE, SIZE);
  }

  /** The template's five points (copy), x,y pairs in crop pixels. */
  public static float[] template() {
    return TEMPLATE.clone();
  }
}
