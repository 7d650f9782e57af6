package candor.vision.onnx;

import candor.vision.BoundingBox;
import candor.vision.DetectedFace;
import candor.vision.align.BgrPixels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The default pack's detector, Ultra-Light-Fast RFB-320 ({@code fr_detect.onnx}): input
 * 1x3x240x320 RGB, {@code (x - 127) / 128}; outputs {@code scores} [1,4420,2] (softmax, column 1 is
 * "face") and {@code boxes} [1,4420,4], already decoded to corner form normalised to the input, so
 * no prior boxes are decoded here. Thread-safe; closes its model.
 */
public final class RfbDetector extends WindowedDetector {
  /** Input width. */
  public static final int WIDTH = 320;
  /** Input height. */
  public static final int HEIGHT = 240;
  /** The model's input shape. */
  public static final long[] INPUT_SHAPE = {1, 3, HEIGHT, WIDTH};

  private final OnnxModel model;
  private final float threshold;

  /** As the four-argument constructor, without the zoomed-out pass. */
  public RfbDetector(OnnxModel model, float threshold, int minFaceSize) {
    this(model, threshold, minFaceSize, ZoomOut.NONE);
  }

  /**
   * @param model the loaded RFB-320 model (owned: closed with this detector)
   * @param threshold face score below which candidates are dropped
   * @param minFaceSize smallest face height to look for, in original-image pixels
   * @param zoomOut the zoomed-out pass for faces that fill the photo, or {@link ZoomOut#NONE}
   */
  public RfbDetector(OnnxModel model, float threshold, int minFaceSize, ZoomOut zoomOut) {
    super(WIDTH, HEIGHT, minFaceSize, zoomOut);
    this.model = model;
    this.threshold = threshold;
  }

  @Override
  int minWindowFace() {
    // the smallest prior is 10 px; measured recall falls away below ~20 px
    return 20;
  }

  @Override
  List<DetectedFace> runWindow(BgrPixels window) {
    Map<String, float[]> out = model.run(Tensors.planar(window, false, 127f, 128f));
    float[] scores = out.get("scores");
    float[] boxes = out.get("boxes");
    List<DetectedFace> faces = new ArrayList<>();
    int n = scores.length / 2;
    for (int i = 0; i < n; i++) {
      float s = scores[2 * i + 1];
      if (s < threshold) {
        continue;
      }
      float x1 = Math.max(0, boxes[4 * i] * WIDTH);
      float y1 = Math.max(0, boxes[4 * i + 1] * HEIGHT);
      float x2 = Math.min(WIDTH, boxes[4 * i + 2] * WIDTH);
      float y2 = Math.min(HEIGHT, boxes[4 * i + 3] * HEIGHT);
      if (x2 - x1 < 2 || y2 - y1 < 2) {
        continue;
      }
      faces.add(new DetectedFace(BoundingBox.ofCorners(x1, y1, x2, y2), s));
    }
    return nms(faces);
  }

  @Override
  public void close() {
    model.close();
  }
}
