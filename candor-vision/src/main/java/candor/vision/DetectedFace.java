package candor.vision;

import java.util.Objects;
import java.util.Optional;

/**
 * One face a detector found.
 *
 * @param box the face box in original-image pixels
 * @param score detector confidence in [0, 1]
 * @param landmarks the five points when the detector gives them itself (YuNet), else empty
 */
public record DetectedFace(BoundingBox box, float score, Optional<Landmarks> landmarks) {
  public DetectedFace {
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(landmarks, "landmarks");
  }

  /** A face with no landmarks of its own. */
  public DetectedFace(BoundingBox box, float score) {
    this(box, score, Optional.empty());
  }
}
