package candor.vision.align;

/**
 * Cuts an output image out of a source image through an affine map, sampling bilinearly.
 *
 * <p>The map goes from output to source pixel centres: output pixel (u, v) reads the source at
 * ({@code m[0]*u + m[1]*v + m[2]}, {@code m[3]*u + m[4]*v + m[5]}). Pixels that fall outside
 * the source read as black, so a crop near the border is padded rather than stretched. Stateless
 * and thread-safe.
 */
public final class AffineWarp {
  private AffineWarp() {}

  /**
   * Warps {@code src} into a new {@code outWidth x outHeight} BGR buffer.
   *
   * @param outToSrc the 2x3 row-major map from output to source coordinates
   */
  public static BgrPixels warp(BgrPixels src, double[] outToSrc, int outWidth, int outHeight) {
    byte[] out = new byte[outWidth * outHeight * 3];
    byte[] s = src.data();
    int sw = src.width();
    int sh = src.height();
    double a = outToSrc[0], b = outToSrc[1], c = outToSrc[2];
    double d = outToSrc[3], e = outToSrc[4], f = outToSrc[5];
    int o = 0;
    for (int v = 0; v < outHeight; v++) {
      for (int u = 0; u < outWidth; u++, o += 3) {
        double x = a * u + b * v + c;
        double y = d * u + e * v + f;
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < -1 || y0 < -1 || x0 >= sw || y0 >= sh) {
          continue; // fully outside: stays black
        }
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        float w00 = (1 - fx) * (1 - fy), w01 = fx * (1 - fy), w10 = (1 - fx) * fy, w11 = fx * fy;
        boolean in00 = x0 >= 0 && y0 >= 0;
        boolean in01 = x0 + 1 < sw && y0 >= 0;
        boolean in10 = x0 >= 0 && y0 + 1 < sh;
        boolean in11 = x0 + 1 < sw && y0 + 1 < sh;
        int p00 = (y0 * sw + x0) * 3;
        int p01 = p00 + 3;
        int p10 = p00 + sw * 3;
        int p11 = p10 + 3;
        for (int ch = 0; ch < 3; ch++) {
          float acc = 0;
          if (in00) acc += w00 * (s[p00 + ch] & 0xff);
          if (in01) acc += w01 * (s[p01 + ch] & 0xff);
          if (in10) acc += w10 * (s[p10 + ch] & 0xff);
          if (in11) acc += w11 * (s[p11 + ch] & 0xff);
          out[o + ch] = (byte) Math.min(255, Math.round(acc));
        }
      }
    }
    return new BgrPixels(out, outWidth, outHeight);
  }

  /**
   * Crops the source rectangle (x, y, w, h) and scales it to {@code outWidth x outHeight}.
   */
  public static BgrPixels cropResize(BgrPixels src, double x, double y, double w, double h, int outWidth, int outHeight) {
    double sx = w / outWidth;
    double sy = h / outHeight;
    // pixel-centre convention: output centre u+0.5 maps to x + (u+0.5)*sx, i.e. source index -0.5
    double[] m = {sx, 0, x + 0.5 * sx - 0.5, 0, sy, y + 0.5 * sy - 0.5};
    return warp(src, m, outWidth, outHeight);
  }
}
