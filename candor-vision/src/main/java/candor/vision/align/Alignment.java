package candor.vision.align;

import candor.vision.Landmarks;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where an embedder expects the five canonical landmarks in its square input crop, and the cut of
 * that crop: a least-squares similarity of the face's five points onto {@code points}, then a
 * bilinear warp of {@code size} x {@code size} pixels. Stateless and thread-safe.
 *
 * <p>Most published embedders (ArcFace, InsightFace's {@code w600k_*}, EdgeFace) are trained on
 * crops aligned to the ArcFace 112x112 five-point template; {@link #arcface(int)} scales it to
 * other input sizes the way InsightFace's {@code face_align.estimate_norm} does.
 *
 * @param points x, y of the five canonical points in crop pixels, in {@link Landmarks}' order (eye
 *     on the image's left, other eye, nose tip, left and right mouth corner); 10 finite values,
 *     copied in and out
 * @param size the side of the square crop in pixels, 16 to 1024
 */
public record Alignment(float[] points, int size) {

  /** The ArcFace template's five points in a 112x112 crop, as published with InsightFace's models. */
  private static final float[] ARCFACE = {
    38.2946f, 51.6963f,
    73.5318f, 51.5014f,
    56.0252f, 71.7366f,
    41.5493f, 92.3655f,
    70.7299f, 92.2041f
  };

  /** The ArcFace 112x112 template: the shipped embedder's and most others'. */
  public static final Alignment ARCFACE_112 = new Alignment(ARCFACE, 112);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException when there are not 10 finite values or the size is out of range
   */
  public Alignment {
    Objects.requireNonNull(points, "points");
    if (points.length != 2 * Landmarks.FIVE) {
      throw new IllegalArgumentException("an alignment template needs 5 points (10 values), got " + points.length);
    }
    for (float v : points) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("alignment points must be finite: " + Arrays.toString(points));
      }
    }
    if (size < 16 || size > 1024) {
      throw new IllegalArgumentException("alignment crop size must be 16 to 1024 pixels, got " + size);
    }
    points = points.clone();
  }

  /**
   * The ArcFace template for a crop of {@code size} pixels: scaled by {@code size/112} when size is
   * a multiple of 112, else by {@code size/128} and shifted right by {@code 8 * size/128} (the
   * 128-pixel variant), exactly as InsightFace's {@code estimate_norm}.
   *
   * @throws IllegalArgumentException when size is a multiple of neither 112 nor 128
   */
  public static Alignment arcface(int size) {
    if (size == 112) {
      return ARCFACE_112;
    }
    float ratio;
    float dx;
    if (size % 112 == 0) {
      ratio = size / 112f;
      dx = 0;
    } else if (size % 128 == 0) {
      ratio = size / 128f;
      dx = 8 * ratio;
    } else {
      throw new IllegalArgumentException(
          "the ArcFace template fits crops of a multiple of 112 or 128 pixels, got " + size);
    }
    float[] p = new float[ARCFACE.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = ARCFACE[i] * ratio + (i % 2 == 0 ? dx : 0);
    }
    return new Alignment(p, size);
  }

  @Override
  public float[] points() {
    return points.clone();
  }

  /** The transform from image pixels to the aligned crop for these landmarks. */
  public SimilarityTransform transform(Landmarks landmarks) {
    return SimilarityTransform.fit(landmarks.five(), points);
  }

  /**
   * The aligned {@code size} x {@code size} BGR crop.
   *
   * @param image the image, at the scale of {@code landmarks}
   * @param landmarks five points in pixels of {@code image}
   */
  public BgrPixels align(BgrPixels image, Landmarks landmarks) {
    return AffineWarp.warp(image, transform(landmarks).inverseMatrix(), size, size);
  }

  /**
   * The aligned crop, halving the face's neighbourhood first when the crop would shrink it by more
   * than two: bilinear sampling alone aliases at large reductions.
   *
   * @param image the image, at the scale of {@code landmarks}
   * @param landmarks five points in pixels of {@code image}
   */
  public BgrPixels alignAntiAliased(BgrPixels image, Landmarks landmarks) {
    SimilarityTransform t = transform(landmarks);
    if (t.scale() >= 0.5) {
      return align(image, landmarks);
    }
    int halvings = (int) Math.floor(Math.log(0.5 / t.scale()) / Math.log(2)) + 1;
    double factor = 1 << halvings;
    // cut the neighbourhood the crop can reach, at full size, then halve it
    double reach = size / t.scale();
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

  @Override
  public boolean equals(Object o) {
    return o instanceof Alignment a && size == a.size && Arrays.equals(points, a.points);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(points) + size;
  }

  @Override
  public String toString() {
    return "Alignment[" + size + "x" + size + ", " + Arrays.toString(points) + "]";
  }
}
