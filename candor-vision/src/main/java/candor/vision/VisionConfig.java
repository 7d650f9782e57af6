package candor.vision;

/**
 * Settings of the face engine, passed in once at construction.
 *
 * @param intraOpThreads ONNX Runtime threads per model run; 1 suits many images processed in
 *     parallel, 0 lets the runtime decide
 * @param device where the models run
 * @param minFaceSize smallest face height, in original-image pixels, that detection looks for;
 *     smaller values make large photos tile into more detector passes
 * @param detectionThreshold detector score below which a candidate box is dropped, in (0, 1)
 * @param flipTest whether to average each template with the template of the mirrored crop
 *     (test-time augmentation; doubles embedding cost)
 * @param refineLandmarks whether to run the landmarker a second time on a crop centred on its
 *     first estimate (default pack only)
 * @param flipLandmarks whether to average the landmarks of the crop and of its mirror image
 *     (default pack only; doubles landmark cost)
 */
public record VisionConfig(
    int intraOpThreads,
    Device device,
    int minFaceSize,
    float detectionThreshold,
    boolean flipTest,
    boolean refineLandmarks,
    boolean flipLandmarks) {
  /** The smallest face height, in pixels, the default detection looks for (issue #2: 24 px in 4000x3000). */
  public static final int DEFAULT_MIN_FACE = 24;

  public VisionConfig {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
    }
    if (minFaceSize < 8) {
      throw new IllegalArgumentException("minFaceSize must be >= 8 pixels, got " + minFaceSize);
    }
    if (!(detectionThreshold > 0 && detectionThreshold < 1)) {
      throw new IllegalArgumentException("detectionThreshold must be in (0, 1), got " + detectionThreshold);
    }
  }

  /**
   * The measured defaults: CPU, one thread per run, landmark flip on; template flip test off (it
   * added 0.07 points of LFW accuracy, within the folds' spread, for 1.6x the CPU); landmark
   * refinement off (it did not help on LFW).
   */
  public static VisionConfig defaults() {
    return new VisionConfig(1, Device.CPU, DEFAULT_MIN_FACE, 0.8f, false, false, true);
  }

  public VisionConfig withMinFaceSize(int pixels) {
    return new VisionConfig(intraOpThreads, device, pixels, detectionThreshold, flipTest, refineLandmarks, flipLandmarks);
  }

  public VisionConfig withDevice(Device d) {
    return new VisionConfig(intraOpThreads, d, minFaceSize, detectionThreshold, flipTest, refineLandmarks, flipLandmarks);
  }

  public VisionConfig withIntraOpThreads(int n) {
    return new VisionConfig(n, device, minFaceSize, detectionThreshold, flipTest, refineLandmarks, flipLandmarks);
  }

  public VisionConfig withFlipTest(boolean on) {
    return new VisionConfig(intraOpThreads, device, minFaceSize, detectionThreshold, on, refineLandmarks, flipLandmarks);
  }

  public VisionConfig withRefineLandmarks(boolean on) {
    return new VisionConfig(intraOpThreads, device, minFaceSize, detectionThreshold, flipTest, on, flipLandmarks);
  }

  public VisionConfig withFlipLandmarks(boolean on) {
    return new VisionConfig(intraOpThreads, device, minFaceSize, detectionThreshold, flipTest, refineLandmarks, on);
  }

  public VisionConfig withDetectionThreshold(float t) {
    return new VisionConfig(intraOpThreads, device, minFaceSize, t, flipTest, refineLandmarks, flipLandmarks);
  }
}
