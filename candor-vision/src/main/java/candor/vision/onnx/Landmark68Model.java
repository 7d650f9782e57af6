package candor.vision.onnx;

import candor.vision.BoundingBox;
import candor.vision.Landmarker;
import candor.vision.Landmarks;
import candor.vision.align.AffineWarp;
import candor.vision.align.BgrPixels;
import java.awt.image.BufferedImage;

/**
 * The default pack's landmarker ({@code fr_landmark.onnx}): a 64x64 grey crop of the face box,
 * values {@code / 256}, gives 68 points (the iBUG 300-W layout) as fractions of the crop.
 *
 * <p>Five canonical points are derived from them: each eye centre is the mean of its four lid
 * points, the nose tip is point 30, each mouth corner the mean of the outer and inner lip corner.
 * Two accuracy measures, both measured on LFW (see {@code models/MODELS.md}): the crop is also run
 * mirrored and the two estimates averaged point by point (with left and right swapped), and
 * optionally a second pass re-crops around the first estimate so the face sits where the model
 * expects it. Thread-safe; closes its model.
 */
public final class Landmark68Model implements Landmarker {
  /** Input side. */
  public static final int SIZE = 64;
  /** The model's input shape. */
  public static final long[] INPUT_SHAPE = {1, 1, SIZE, SIZE};

  /** Index of each point's mirror image in the 68-point layout. */
  private static final int[] MIRROR = mirrorTable();

  private final OnnxModel model;
  private final boolean refine;
  private final boolean flip;

  /**
   * @param model the loaded landmark model (owned: closed with this landmarker)
   * @param refine whether to run a second pass on a crop centred on the first estimate
   * @param flip whether to average with the mirrored crop's estimate
   */
  public Landmark68Model(OnnxModel model, boolean refine, boolean flip) {
    this.model = model;
    this.refine = refine;
    this.flip = flip;
  }

  @Override
  public Landmarks locate(BufferedImage pixels, BoundingBox box) {
    return locate(BgrPixels.of(pixels), box);
  }

  /** As {@link #locate(BufferedImage, BoundingBox)}, on pixels already unpacked. */
  public Landmarks locate(BgrPixels px, BoundingBox box) {
    float[] pts = dense(px, box.x(), box.y(), box.width(), box.height());
    if (refine) {
      // Re-centre the crop on the landmarks: the detector's box drifts with pose and hair, the
      // landmark centroid does not; keep the box's size so the face fills the crop as in training.
      float cx = 0, cy = 0;
      for (int i = 0; i < 68; i++) {
        cx += pts[2 * i];
        cy += pts[2 * i + 1];
      }
      cx /= 68;
      cy /= 68;
      float shiftX = cx - centroidX(box);
      float shiftY = cy - centroidY(box);
      pts = dense(px, box.x() + shiftX, box.y() + shiftY, box.width(), box.height());
    }
    return new Landmarks(five(pts), pts);
  }

  // Where the landmark centroid sits in a detector box, as fractions of the box (from the
  // model's own mean output on LFW); used to re-centre the crop.
  private static final float MEAN_CX = 0.5f;
  private static final float MEAN_CY = 0.55f;

  private static float centroidX(BoundingBox b) {
    return b.x() + MEAN_CX * b.width();
  }

  private static float centroidY(BoundingBox b) {
    return b.y() + MEAN_CY * b.height();
  }

  private float[] dense(BgrPixels px, float x, float y, float w, float h) {
    BgrPixels crop = AffineWarp.cropResize(px, x, y, w, h, SIZE, SIZE);
    float[] pts = run(crop, w, h, x, y, false);
    if (flip) {
      float[] m = run(mirror(crop), w, h, x, y, true);
      for (int i = 0; i < 68; i++) {
        int j = MIRROR[i];
        pts[2 * i] = (pts[2 * i] + m[2 * j]) / 2;
        pts[2 * i + 1] = (pts[2 * i + 1] + m[2 * j + 1]) / 2;
      }
    }
    return pts;
  }

  private float[] run(BgrPixels crop, float w, float h, float x, float y, boolean mirrored) {
    float[] out = model.run(Tensors.grey(crop, 256f)).get("output");
    float[] pts = new float[136];
    for (int i = 0; i < 68; i++) {
      float u = mirrored ? 1f - out[2 * i] : out[2 * i];
      pts[2 * i] = x + u * w;
      pts[2 * i + 1] = y + out[2 * i + 1] * h;
    }
    return pts;
  }

  private static BgrPixels mirror(BgrPixels p) {
    byte[] d = p.data();
    byte[] o = new byte[d.length];
    int w = p.width();
    for (int y = 0; y < p.height(); y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(d, (y * w + x) * 3, o, (y * w + (w - 1 - x)) * 3, 3);
      }
    }
    return new BgrPixels(o, w, p.height());
  }

  /** The five canonical points from the 68. */
  static float[] five(float[] p) {
    float[] f = new float[10];
    avg(p, f, 0, 37, 38, 40, 41);
    avg(p, f, 1, 43, 44, 46, 47);
    avg(p, f, 2, 30);
    avg(p, f, 3, 48, 60);
    avg(p, f, 4, 54, 64);
    return f;
  }

  private static void avg(float[] p, float[] f, int slot, int... idx) {
    float x = 0, y = 0;
    for (int i : idx) {
      x += p[2 * i];
      y += p[2 * i + 1];
    }
    f[2 * slot] = x / idx.length;
    f[2 * slot + 1] = y / idx.length;
  }

  private static int[] mirrorTable() {
    int[] m = new int[68];
    for (int i = 0; i < 68; i++) {
      m[i] = i;
    }
    pairs(m, 0, 16, 1, 15, 2, 14, 3, 13, 4, 12, 5, 11, 6, 10, 7, 9); // jaw
    pairs(m, 17, 26, 18, 25, 19, 24, 20, 23, 21, 22); // brows
    pairs(m, 31, 35, 32, 34); // nostrils
    pairs(m, 36, 45, 37, 44, 38, 43, 39, 42, 40, 47, 41, 46); // eyes
    pairs(m, 48, 54, 49, 53, 50, 52, 55, 59, 56, 58); // outer lips
    pairs(m, 60, 64, 61, 63, 65, 67); // inner lips
    return m;
  }

  private static void pairs(int[] m, int... ab) {
    for (int i = 0; i < ab.length; i += 2) {
      m[ab[i]] = ab[i + 1];
      m[ab[i + 1]] = ab[i];
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
