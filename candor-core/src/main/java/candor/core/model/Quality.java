package candor.core.model;

import java.util.List;
import java.util.Objects;

/**
 * How usable a face is for recognition, with the reasons for a low score.
 *
 * @param score 0 (unusable) to 1 (ideal), as computed by the vision pipeline
 * @param reasons short machine-readable reasons that lowered the score (for example {@code
 *     "blurred"}, {@code "small"}); copied, no element blank; empty when none
 */
public record Quality(double score, List<String> reasons) {

  /**
   * Validates and copies the arguments.
   *
   * @throws NullPointerException if {@code reasons} or one of its elements is null
   * @throws IllegalArgumentException if the score is outside 0 to 1 (message {@code "quality
   *     score must be between 0 and 1, got 1.5"}) or a reason is blank
   */
  public Quality {
    if ((score >= 0 && score <= 1) == false) {
      throw new IllegalArgumentException("quality score must be between 0 and 1, got " + score);
    }
    reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
    for (String reason : reasons) {
      Checks.notBlank("quality reason", reason);
    }
  }
}
