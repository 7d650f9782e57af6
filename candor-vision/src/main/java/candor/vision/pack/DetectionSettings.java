package candor.vision.pack;

/**
 * How a pack's detector searches an image, read from the pack descriptor's {@code detector.*}
 * keys: settings that belong to the detector model rather than to the deployment.
 *
 * @param zoomOut 0 for no extra pass, else the fraction of the detector's window the whole image
 *     fills in one extra pass on a black border ({@code detector.zoomOut}): finds faces that fill
 *     the photo, larger than the model's largest anchors
 * @param zoomOutAlways whether that pass always runs ({@code detector.zoomOut.always=true}) or only
 *     when the whole-image pass finds no face or one that fills the photo (the default; see
 *     {@code ZoomOut.FILLS_PHOTO})
 * @param threshold the detector's score threshold ({@code detector.threshold}), or NaN to use the
 *     engine's configured one
 * @param inputSize the side of the square window a detector whose graph accepts any input size
 *     runs at ({@code detector.size}, SCRFD: 640 by default), or 0 for the detector's fixed size
 */
public record DetectionSettings(double zoomOut, boolean zoomOutAlways, float threshold, int inputSize) {
  /** No extra pass, the engine's threshold. */
  public static final DetectionSettings NONE = new DetectionSettings(0, false, Float.NaN);

  /** Settings for a detector of fixed input size. */
  public DetectionSettings(double zoomOut, boolean zoomOutAlways, float threshold) {
    this(zoomOut, zoomOutAlways, threshold, 0);
  }

  public DetectionSettings {
    if (inputSize != 0 && (inputSize < 32 || inputSize > 4096 || inputSize % 32 != 0)) {
      throw new IllegalArgumentException("detector.size must be a multiple of 32 from 32 to 4096, got " + inputSize);
    }
    if (!(zoomOut == 0 || (zoomOut > 0 && zoomOut < 1))) {
      throw new IllegalArgumentException("detector.zoomOut must be 0 or in (0, 1), got " + zoomOut);
    }
    if (!Float.isNaN(threshold) && !(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("detector.threshold must be in (0, 1), got " + threshold);
    }
  }

  /** The threshold to use: this pack's, else {@code configured}. */
  public float thresholdOr(float configured) {
    return Float.isNaN(threshold) ? configured : threshold;
  }
}
