package candor.core.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks shared by the records of this package; messages name the argument. */
final class Checks {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Largest accepted length of a free-text field, in characters. */
  static final int MAX_TEXT = 4_096;

  private Checks() {}

  /** Returns {@code value} if it is not null and not blank, else throws. */
  static String notBlank(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          name + " must be at most " + MAX_TEXT + " characters, got " + value.length());
    }
    return value;
  }

  /** Returns {@code value} if it is a lower-case hex SHA-256 digest, else throws. */
  static String sha256(String name, String value) {
    Objects.requireNonNull(value, name);
    if (SHA256_HEX.matcher(value).matches() == false) {
      throw new IllegalArgumentException(
          name + " must be 64 lower-case hex digits, got '" + abbreviate(value) + "'");
    }
    return value;
  }

  /** Returns {@code value} if it is null or a lower-case hex SHA-256 digest, else throws. */
  static String optionalSha256(String name, String value) {
    return value == null ? null : sha256(name, value);
  }

  /**
   * Returns the instant truncated to microseconds, the precision the store keeps, so that a
   * record read back equals the record written.
   */
  static Instant micros(String name, Instant value) {
    return Objects.requireNonNull(value, name).truncatedTo(ChronoUnit.MICROS);
  }

  /** Returns {@code value} if every element is finite, else throws. */
  static float[] finite(String name, float[] value) {
    for (int i = 0; i < value.length; i++) {
      if (Float.isFinite(value[i]) == false) {
        throw new IllegalArgumentException(
            name + " must be finite, got " + value[i] + " at index " + i);
      }
    }
    return value;
  }

  /**
   * Returns a copy of {@code template} if it is a non-empty, finite, L2-normalised vector of at
   * most {@link Face#MAX_TEMPLATE_DIMENSIONS} values; else throws.
   */
  static float[] unitTemplate(float[] template) {
    Objects.requireNonNull(template, "template");
    if (template.length == 0 || template.length > Face.MAX_TEMPLATE_DIMENSIONS) {
      throw new IllegalArgumentException(
          "template must have 1 to " + Face.MAX_TEMPLATE_DIMENSIONS + " dimensions, got "
              + template.length);
    }
    float[] copy = finite("template", template.clone());
    double sum = 0;
    for (float v : copy) {
      sum += (double) v * v;
    }
    double norm = Math.sqrt(sum);
    if (Math.abs(norm - 1) > Face.NORM_TOLERANCE) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "template must have unit L2 norm (1 ± %s), got norm %.6f",
              Face.NORM_TOLERANCE,
              norm));
    }
    return copy;
  }

  /** Returns a copy of {@code landmarks} if it holds 5 finite (x, y) points; else throws. */
  static float[] landmarks(float[] landmarks) {
    Objects.requireNonNull(landmarks, "landmarks");
    if (landmarks.length != Face.LANDMARK_VALUES) {
      throw new IllegalArgumentException(
          "landmarks must hold 5 (x, y) points = 10 values, got " + landmarks.length);
    }
    return finite("landmarks", landmarks.clone());
  }

  /** Checks that the crop path and its digest are both present or both absent. */
  static void crop(String cropPath, String cropSha256) {
    if ((cropPath == null) != (cropSha256 == null)) {
      throw new IllegalArgumentException("cropPath and cropSha256 must be both set or both null");
    }
    if (cropPath != null) {
      notBlank("cropPath", cropPath);
      sha256("cropSha256", cropSha256);
    }
  }

  static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
