package candor.vision;

/** Why a face's quality is low; names follow Rekognition's quality filter. */
public enum QualityReason {
  /** The face box is small: too few pixels between the eyes for a reliable template. */
  SMALL_BOUNDING_BOX,
  /** The face crop is blurred (low variance of the Laplacian). */
  LOW_SHARPNESS,
  /** The head is turned or tilted far from frontal, judged from landmark geometry. */
  EXTREME_POSE,
  /** The face is too dark. */
  LOW_BRIGHTNESS,
  /** The detector was not confident. */
  LOW_CONFIDENCE
}
