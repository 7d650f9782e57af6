package candor.vision.onnx;

import candor.vision.BoundingBox;
import candor.vision.DetectedFace;
import candor.vision.Landmarks;
import candor.vision.align.BgrPixels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SCRFD (Guo et al., "Sample and Computation Redistribution for Efficient Face Detection", 2021)
 * as InsightFace ships it in its model packs ({@code det_10g.onnx}, {@code det_500m.onnx}, ...):
 * input 1x3xSxS (S often left free in the graph; 640 by default), R,G,B, {@code (x - 127.5) /
 * 128}; anchor-free outputs on a feature pyramid, decoded here as InsightFace's
 * {@code model_zoo/scrfd.py} does.
 *
 * <p><b>Output layout</b>, told apart by order, not by name (InsightFace's exports name them by
 * node number): first one score output per stride, then one box output per stride, then, for
 * models with key points, one key-point output per stride. 6 or 9 outputs mean strides 8, 16 and
 * 32 with two anchors per grid cell; 10 or 15 mean strides 8 to 128 with one anchor. A stride-s
 * output covers {@code (S/s)^2 * anchors} anchors, row by row, the anchors of one cell next to each
 * other; the anchor of cell (row, col) is centred at {@code (col * s, row * s)} (no half-cell
 * offset). Scores are probabilities already ({@code [n, 1]} or {@code [1, n, 1]}); a box is four
 * distances in stride units, left, top, right, bottom of the anchor centre; key point k is
 * {@code (cx + dx_k * s, cy + dy_k * s)} for the five points in {@link Landmarks}' order. Overlaps
 * are suppressed by IoU 0.4 afterwards (InsightFace's {@code nms_thresh}).
 *
 * <p>Thread-safe; closes its model.
 */
public final class ScrfdDetector extends WindowedDetector {
  /** The window side InsightFace runs SCRFD at. */
  public static final int DEFAULT_SIZE = 640;
  /** The score threshold InsightFace uses ({@code det_thresh}). */
  public static final float DEFAULT_THRESHOLD = 0.5f;

  private final OnnxModel model;
  private final float threshold;
  private final Layout layout;
  private final int size;

  /**
   * How a SCRFD graph's outputs are laid out, from their number.
   *
   * @param strides the pyramid strides, finest first
   * @param anchors anchors per grid cell
   * @param keyPoints whether the graph gives five key points per anchor
   */
  public record Layout(int[] strides, int anchors, boolean keyPoints) {
    /**
     * The layout of a graph with these outputs at window side {@code size}, checked against the
     * shapes the graph declares (free dimensions pass).
     *
     * @param outputs the graph's outputs in order, with declared shapes
     * @param size the window side
     * @param where what messages call the model (its file)
     * @throws ModelException naming what the layout expects and what the graph declares
     */
    public static Layout of(Map<String, long[]> outputs, int size, String where) {
      Layout layout = switch (outputs.size()) {
        case 6 -> new Layout(new int[] {8, 16, 32}, 2, false);
        case 9 -> new Layout(new int[] {8, 16, 32}, 2, true);
        case 10 -> new Layout(new int[] {8, 16, 32, 64, 128}, 1, false);
        case 15 -> new Layout(new int[] {8, 16, 32, 64, 128}, 1, true);
        default -> throw new ModelException(where + ": expected the SCRFD outputs (6, 9, 10 or 15: scores, boxes and"
            + " key points per stride), the graph declares " + outputs.size() + " " + outputs.keySet());
      };
      int largest = layout.strides[layout.strides.length - 1];
      if (size % largest != 0) {
        throw new ModelException(where + ": the window side must be a multiple of " + largest + ", got " + size);
      }
      Iterator<Map.Entry<String, long[]>> it = outputs.entrySet().iterator();
      int[] widths = layout.keyPoints ? new int[] {1, 4, 10} : new int[] {1, 4};
      for (int width : widths) {
        for (int s : layout.strides) {
          Map.Entry<String, long[]> e = it.next();
          long n = layout.count(size, s);
          long[] declared = e.getValue();
          if (!admits(declared, n, width)) {
            throw new ModelException(where + ": expected output " + e.getKey() + " (stride " + s + ") of shape ["
                + n + ", " + width + "] or [1, " + n + ", " + width + "] for a " + size + "x" + size
                + " window, the graph declares " + Arrays.toString(declared));
          }
        }
      }
      return layout;
    }

    /** Anchors of stride {@code s} in a window of side {@code size}. */
    long count(int size, int s) {
      return (long) (size / s) * (size / s) * anchors;
    }

    private static boolean admits(long[] shape, long n, int width) {
      long[] tail = shape.length == 3 && (shape[0] == 1 || shape[0] < 0)
          ? new long[] {shape[1], shape[2]} : shape;
      return tail.length == 2 && (tail[0] < 0 || tail[0] == n) && (tail[1] < 0 || tail[1] == width);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Layout l && Arrays.equals(strides, l.strides) && anchors == l.anchors
          && keyPoints == l.keyPoints;
    }

    @Override
    public int hashCode() {
      return 31 * (31 * Arrays.hashCode(strides) + anchors) + Boolean.hashCode(keyPoints);
    }

    @Override
    public String toString() {
      return "Layout[strides=" + Arrays.toString(strides) + ", anchors=" + anchors + ", keyPoints=" + keyPoints + "]";
    }
  }

  /**
   * @param model the loaded SCRFD model, fed {@code [1, 3, size, size]} (owned: closed with this detector)
   * @param size the window side, a multiple of the largest stride
   * @param threshold score below which candidates are dropped
   * @param minFaceSize smallest face height to look for, in original-image pixels
   * @param zoomOut the zoomed-out pass for faces that fill the photo, or {@link ZoomOut#NONE}
   * @throws ModelException when the graph's outputs are not SCRFD's
   */
  public ScrfdDetector(OnnxModel model, int size, float threshold, int minFaceSize, ZoomOut zoomOut) {
    super(size, size, minFaceSize, zoomOut);
    this.model = model;
    this.size = size;
    this.threshold = threshold;
    this.layout = Layout.of(model.outputShapes(), size, model.file().toString());
  }

  /** The layout read from the graph. */
  public Layout layout() {
    return layout;
  }

  @Override
  public boolean givesLandmarks() {
    return layout.keyPoints();
  }

  @Override
  int minWindowFace() {
    // the finest anchors are 16 px (stride 8, base size 2 x 8)
    return 16;
  }

  @Override
  List<DetectedFace> runWindow(BgrPixels window) {
    Map<String, float[]> out = model.run(Tensors.planar(window, false, 127.5f, 128f));
    List<float[]> outputs = new ArrayList<>(out.values());
    return nms(decode(outputs, layout, size, threshold));
  }

  /**
   * Decodes SCRFD outputs of one window into faces in window pixels, before suppression.
   *
   * @param outputs the outputs in the graph's order, flattened
   * @param layout their layout
   * @param size the window side
   * @param threshold the lowest score kept
   * @throws ModelException when an output's length differs from what the layout needs
   */
  static List<DetectedFace> decode(List<float[]> outputs, Layout layout, int size, float threshold) {
    int fmc = layout.strides().length;
    List<DetectedFace> faces = new ArrayList<>();
    for (int level = 0; level < fmc; level++) {
      int s = layout.strides()[level];
      int cols = size / s;
      int n = (int) layout.count(size, s);
      float[] scores = outputs.get(level);
      float[] boxes = outputs.get(level + fmc);
      float[] kps = layout.keyPoints() ? outputs.get(level + 2 * fmc) : null;
      if (scores.length != n || boxes.length != 4 * n || (kps != null && kps.length != 10 * n)) {
        throw new ModelException("SCRFD stride " + s + ": expected " + n + " anchors, the outputs hold "
            + scores.length + " scores and " + boxes.length / 4 + " boxes");
      }
      for (int i = 0; i < n; i++) {
        float score = scores[i];
        if (!(score >= threshold)) {
          continue;
        }
        int cell = i / layout.anchors();
        float cx = (cell % cols) * s;
        float cy = (cell / cols) * s;
        float x1 = cx - boxes[4 * i] * s;
        float y1 = cy - boxes[4 * i + 1] * s;
        float x2 = cx + boxes[4 * i + 2] * s;
        float y2 = cy + boxes[4 * i + 3] * s;
        if (!(x2 - x1 > 1 && y2 - y1 > 1)) {
          continue;
        }
        Optional<Landmarks> lm = Optional.empty();
        if (kps != null) {
          float[] five = new float[10];
          for (int k = 0; k < 5; k++) {
            five[2 * k] = cx + kps[10 * i + 2 * k] * s;
            five[2 * k + 1] = cy + kps[10 * i + 2 * k + 1] * s;
          }
          lm = Optional.of(Landmarks.ofFive(five));
        }
        faces.add(new DetectedFace(BoundingBox.ofCorners(x1, y1, x2, y2), Math.min(1f, score), lm));
      }
    }
    return faces;
  }

  @Override
  public void close() {
    model.close();
  }
}
