package candor.core.model;

import java.util.Objects;

/**
 * A subject and how many stored faces it has, as listings show it.
 *
 * @param subject the subject
 * @param faces the number of its stored faces; 0 for a subject enrolled without a usable face
 */
public record SubjectFaceCount(Subject subject, long faces) {

  /**
   * Validates the count.
   *
   * @throws NullPointerException if {@code subject} is null
   * @throws IllegalArgumentException if {@code faces} is negative
   */
  public SubjectFaceCount {
    Objects.requireNonNull(subject, "subject");
    if (faces < 0) {
      throw new IllegalArgumentException("faces must not be negative, got " + faces);
    }
  }
}
