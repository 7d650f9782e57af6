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

  /**
   * The aligned crop, halving the face's neighbourhood first when the crop would shrink it by more
   * than two: bilinear sampling alone aliases at large reductions.
   *
   * @param image the image, at the scale of {@code landmarks}
   * @param landmarks five points in pixels of {@code image}
   */
  public static BgrPixels alignAntiAliased(BgrPixels image, Landmarks landmarks) {
    SimilarityTransform t = transform(landmarks);
    if (t.scale() >= 0.5) {
      return align(image, landmarks);
    }
    int halvings = (int) Math.floor(Math.log(0.5 / t.scale()) / Math.log(2)) + 1;
    double factor = 1 << halvings;
    // cut the neighbourhood the crop can reach, at full size, then halve it
    double reach = SIZE / t.scale();
    double cx = (landmarks.x(0) + landmarks.x(1) + landmarks.x(3) + landmarks.x(4)) / 4;
    double cy = (landmarks.y(0) + landmarks.y(1) + landmarks.y(3) + landmarks.y(4)) / 4;
    int x0 = (int) Math.floor(cx - reach);
    int y0 = (int) Math.floor(cy - reach);
    int side = (int) Math.ceil(2 * reach);
    BgrPixels region = AffineWarp.cropResize(image, x0, y0, side, side, side, side);
    for (int i = 0; i < halvings; i++) {
      region = region.halved();
    }
    return align(region, landmarks.translated(-x0, -y0).scaled(1 / factor));
  }

  /** The template's five points (copy), x,y pairs in crop pixels. */
  public static float[] template() {
    return TEMPLATE.clone();
  }
}
