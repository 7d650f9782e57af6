package candor.vision.onnx;

import candor.vision.Embedder;
import candor.vision.align.BgrPixels;
import java.awt.image.BufferedImage;

/**
 * An ArcFace-style embedder ({@code fr_feature.onnx}, a 512-d MobileFaceNet): input 1x3x112x112,
 * {@code (x - 127) / 128}. Feeding B,G,R planes scored better than R,G,B on LFW (98.83 % vs
 * 98.48 %), so the channel order is a pack setting. With flip test the template is the normalised
 * sum of the templates of the crop and its mirror image. Output is L2-normalised. Thread-safe.
 */
public final class ArcFaceEmbedder implements Embedder {
  /** Input side. */
  public static final int SIZE = 112;
  /** The model's input shape. */
  public static final long[] INPUT_SHAPE = {1, 3, SIZE, SIZE};

  private final OnnxModel model;
  private final boolean bgr;
  private final boolean flipTest;
  private final int dimension;

  /**
   * @param model the loaded model (owned: closed with this embedder)
   * @param bgr whether the model takes B,G,R planes
   * @param flipTest whether to add the mirrored crop's template
   */
  public ArcFaceEmbedder(OnnxModel model, boolean bgr, boolean flipTest) {
    this.model = model;
    this.bgr = bgr;
    this.flipTest = flipTest;
    this.dimension = model.run(new float[3 * SIZE * SIZE]).values().iterator().next().length;
  }

  @Override
  public int inputSize() {
    return SIZE;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public float[] embed(BufferedImage aligned) {
    return embed(BgrPixels.of(aligned));
  }

  /** As {@link #embed(BufferedImage)}, on pixels already unpacked. */
  public float[] embed(BgrPixels aligned) {
    if (aligned.width() != SIZE || aligned.height() != SIZE) {
      throw new IllegalArgumentException(
          "expected a " + SIZE + "x" + SIZE + " aligned crop, got " + aligned.width() + "x" + aligned.height());
    }
    float[] input = Tensors.planar(aligned, bgr, 127f, 128f);
    float[] v = first(model.run(input));
    if (flipTest) {
      mirrorPlanes(input);
      float[] m = first(model.run(input));
      for (int i = 0; i < v.length; i++) {
        v[i] += m[i];
      }
    }
    return normalise(v);
  }

  private static float[] first(java.util.Map<String, float[]> out) {
    return out.values().iterator().next();
  }

  private static void mirrorPlanes(float[] chw) {
    for (int row = 0; row < 3 * SIZE; row++) {
      int base = row * SIZE;
      for (int i = 0, j = SIZE - 1; i < j; i++, j--) {
        float t = chw[base + i];
        chw[base + i] = chw[base + j];
        chw[base + j] = t;
      }
    }
  }

  static float[] normalise(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    float inv = (float) (1 / Math.sqrt(n));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  @Override
  public void close() {
    model.close();
  }
}
