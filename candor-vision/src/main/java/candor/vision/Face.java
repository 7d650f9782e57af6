package candor.vision;

import java.util.Objects;
import java.util.Optional;

/**
 * A face the pipeline analysed: where it is, how good it is, and its template.
 *
 * <p>Privacy: holds a biometric template when {@code embedding} is present.
 *
 * @param box face box in original-image pixels
 * @param score detector confidence in [0, 1]
 * @param landmarks five canonical points (and dense ones if any) in original-image pixels
 * @param pose head pose estimated from the landmarks
 * @param quality quality score and reasons
 * @param embedding the template, empty when only detection was asked for
 */
public record Face(
    BoundingBox box,
    float score,
    Landmarks landmarks,
    Pose pose,
    Quality quality,
    Optional<Embedding> embedding) {
  public Face {
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(landmarks, "landmarks");
    Objects.requireNonNull(pose, "pose");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(embedding, "embedding");
  }

  /** The template; throws when this face was not embedded. */
  public Embedding template() {
    return embedding.orElseThrow(() -> new IllegalStateException("face was analysed without a template"));
  }
}
