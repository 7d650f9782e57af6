package candor.vision.align;

/**
 * A 2-D similarity (rotation, uniform scale, translation) fitted by least squares to point pairs
 * with Umeyama's closed form (Umeyama 1991, "Least-squares estimation of transformation
 * parameters between two point patterns").
 *
 * <p>Fitting all five landmarks by least squares spreads one point's error over the rest; the
 * three-point affine of the model's original JavaScript costs ~9 points of LFW accuracy.
 *
 * @param a scale * cos(theta)
 * @param b scale * sin(theta)
 * @param tx translation x
 * @param ty translation y
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

  /**
   * The similarity that maps {@code src} points onto {@code dst} points with the least squared error.
   *
   * @param src x,y pairs
   * @param dst x,y pairs, same count as {@code src}
   */
  public static SimilarityTransform fit(float[] src, float[] dst) {
    if (src.length != dst.length || src.length < 4 || src.length % 2 != 0) {
      throw new IllegalArgumentException(
          "need at least 2 matching point pairs, got " + src.length + " and " + dst.length + " values");
    }
    int n = src.length / 2;
    double msx = 0, msy = 0, mdx = 0, mdy = 0;
    for (int i = 0; i < n; i++) {
      msx += src[2 * i];
      msy += src[2 * i + 1];
      mdx += dst[2 * i];
      mdy += dst[2 * i + 1];
    }
    msx /= n;
    msy /= n;
    mdx /= n;
    mdy /= n;
    // For a similarity in 2-D the SVD of the covariance reduces to these sums: with complex
    // numbers z = x + iy, the optimal a + ib = sum(conj(src_c) * dst_c) / sum(|src_c|^2).
    double sxx = 0, sab = 0, sba = 0;
    for (int i = 0; i < n; i++) {
      double x = src[2 * i] - msx, y = src[2 * i + 1] - msy;
      double u = dst[2 * i] - mdx, v = dst[2 * i + 1] - mdy;
      sxx += x * x + y * y;
      sab += x * u + y * v;
      sba += x * v - y * u;
    }
    if (sxx == 0) {
      throw new IllegalArgumentException("source points are all identical");
    }
    double a = sab / sxx;
    double b = sba / sxx;
    double tx = mdx - (a * msx - b * msy);
    double ty = mdy - (b * msx + a * msy);
    return new SimilarityTransform(a, b, tx, ty);
  }

  /** Uniform scale factor. */
  public double scale() {
    return Math.hypot(a, b);
  }

  /** Rotation in degrees. */
  public double rotationDegrees() {
    return Math.toDegrees(Math.atan2(b, a));
  }

  /** Maps a point: returns {x', y'}. */
  public double[] apply(double x, double y) {
    return new double[] {a * x - b * y + tx, b * x + a * y + ty};
  }

  /** The inverse map as a 2x3 row-major matrix, for {@link AffineWarp#warp}. */
  public double[] inverseMatrix() {
    double s2 = a * a + b * b;
    double ia = a / s2, ib = -b / s2;
    // inverse of [a -b; b a] is [ia -ib; ib ia]
    double itx = -(ia * tx - ib * ty);
    double ity = -(ib * tx + ia * ty);
    return new double[] {ia, -ib, itx, ib, ia, ity};
  }
}
