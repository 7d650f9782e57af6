package candor.vision;

import java.util.List;
import java.util.Objects;

/**
 * How usable a face is for recognition, with the reasons it is not, like Rekognition's quality
 * filter.
 *
 * @param score overall quality in [0, 1]; 1 is a large, sharp, frontal, well-lit face
 * @param reasons what lowers it, empty for a good face
 */
public record Quality(float score, List<QualityReason> reasons) {
  public Quality {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("quality score must be in [0, 1], got " + score);
    }
    reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
  }
}
