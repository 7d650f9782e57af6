package candor.vision.onnx;

import candor.vision.align.BgrPixels;

/** Packs interleaved BGR pixels into planar model inputs. Stateless. */
final class Tensors {
  private Tensors() {}

  /**
   * Planar CHW floats, {@code (value - mean) / std}, channels in B,G,R order when {@code bgr}, else
   * R,G,B.
   */
  static float[] planar(BgrPixels px, boolean bgr, float mean, float std) {
    int n = px.width() * px.height();
    float[] out = new float[3 * n];
    byte[] d = px.data();
    int c0 = bgr ? 0 : 2;
    int c2 = bgr ? 2 : 0;
    float inv = 1f / std;
    for (int i = 0, p = 0; i < n; i++, p += 3) {
      out[i] = ((d[p + c0] & 0xff) - mean) * inv;
      out[n + i] = ((d[p + 1] & 0xff) - mean) * inv;
      out[2 * n + i] = ((d[p + c2] & 0xff) - mean) * inv;
    }
    return out;
  }

  /** One grey plane, luma of ITU-R BT.601, scaled by {@code 1/divisor}. */
  static float[] grey(BgrPixels px, float divisor) {
    int n = px.width() * px.height();
    float[] out = new float[n];
    byte[] d = px.data();
    for (int i = 0, p = 0; i < n; i++, p += 3) {
      float y = 0.114f * (d[p] & 0xff) + 0.587f * (d[p + 1] & 0xff) + 0.299f * (d[p + 2] & 0xff);
      out[i] = y / divisor;
    }
    return out;
  }

  /**
   * Interleaved HWC floats in R,G,B order, {@code (value - mean) / std}: the layout of models
   * converted from TensorFlow Lite.
   */
  static float[] interleavedRgb(BgrPixels px, float mean, float std) {
    int n = px.width() * px.height();
    float[] out = new float[3 * n];
    byte[] d = px.data();
    float inv = 1f / std;
    for (int p = 0; p < 3 * n; p += 3) {
      out[p] = ((d[p + 2] & 0xff) - mean) * inv;
      out[p + 1] = ((d[p + 1] & 0xff) - mean) * inv;
      out[p + 2] = ((d[p] & 0xff) - mean) * inv;
    }
    return out;
  }
}
