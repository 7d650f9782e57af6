package candor.vision.onnx;

import candor.vision.BoundingBox;
import candor.vision.DetectedFace;
import candor.vision.Landmarks;
import candor.vision.align.BgrPixels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * YuNet (OpenCV model zoo, MIT): input 1x3x640x640 BGR 0..255; per stride 8/16/32 outputs
 * {@code cls}, {@code obj} (sigmoid applied), {@code bbox} (dx, dy, log w, log h in stride units)
 * and {@code kps} (five landmark offsets in stride units), one anchor per grid cell; score =
 * sqrt(cls * obj). It gives five landmarks itself, so the pack needs no landmarker. Thread-safe.
 */
public final class YuNetDetector extends WindowedDetector {
  /** Input side. */
  public static final int SIZE = 640;
  /** The model's input shape. */
  public static final long[] INPUT_SHAPE = {1, 3, SIZE, SIZE};
  private static final int[] STRIDES = {8, 16, 32};

  private final OnnxModel model;
  private final float threshold;

  /** As the four-argument constructor, without the zoomed-out pass. */
  public YuNetDetector(OnnxModel model, float threshold, int minFaceSize) {
    this(model, threshold, minFaceSize, ZoomOut.NONE);
  }

  /**
   * @param model the loaded YuNet model (owned: closed with this detector)
   * @param threshold score below which candidates are dropped
   * @param minFaceSize smallest face height to look for, in original-image pixels
   * @param zoomOut the zoomed-out pass for faces that fill the photo, or {@link ZoomOut#NONE}
   */
  public YuNetDetector(OnnxModel model, float threshold, int minFaceSize, ZoomOut zoomOut) {
    super(SIZE, SIZE, minFaceSize, zoomOut);
    this.model = model;
    this.threshold = threshold;
  }

  @Override
  public boolean givesLandmarks() {
    return true;
  }

  @Override
  int minWindowFace() {
    return 16;
  }

  @Override
  List<DetectedFace> runWindow(BgrPixels window) {
    Map<String, float[]> out = model.run(Tensors.planar(window, true, 0f, 1f));
    List<DetectedFace> faces = new ArrayList<>();
    for (int s : STRIDES) {
      float[] cls = out.get("cls_" + s);
      float[] obj = out.get("obj_" + s);
      float[] bbox = out.get("bbox_" + s);
      float[] kps = out.get("kps_" + s);
      int cols = SIZE / s;
      for (int i = 0; i < cls.length; i++) {
        float score = (float) Math.sqrt(clamp01(cls[i]) * clamp01(obj[i]));
        if (score < threshold) {
          continue;
        }
        int row = i / cols;
        int col = i % cols;
        float cx = (col + bbox[4 * i]) * s;
        float cy = (row + bbox[4 * i + 1]) * s;
        float w = (float) Math.exp(bbox[4 * i + 2]) * s;
        float h = (float) Math.exp(bbox[4 * i + 3]) * s;
        if (!(w > 1 && h > 1)) {
          continue;
        }
        float[] five = new float[10];
        for (int k = 0; k < 5; k++) {
          five[2 * k] = (kps[10 * i + 2 * k] + col) * s;
          five[2 * k + 1] = (kps[10 * i + 2 * k + 1] + row) * s;
        }
        faces.add(new DetectedFace(
            new BoundingBox(cx - w / 2, cy - h / 2, w, h), score, Optional.of(Landmarks.ofFive(five))));
      }
    }
    return nms(faces);
  }

  private static float clamp01(float v) {
    return Math.max(0f, Math.min(1f, v));
  }

  @Override
  public void close() {
    model.close();
  }
}
