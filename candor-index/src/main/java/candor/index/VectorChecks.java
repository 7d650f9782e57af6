package candor.index;

import java.util.Locale;
import java.util.Objects;

/** Validates template vectors and copies them, for the records of this package. */
final class VectorChecks {

  /**
   * How far the L2 norm may stray from 1. Embedders normalise in float32, which leaves errors
   * near 1e-7; 1e-3 accepts that and any float16 round trip, yet rejects a vector that was never
   * normalised (whose norm is typically 10 or more).
   */
  static final double UNIT_NORM_TOLERANCE = 1e-3;

  private VectorChecks() {}

  /**
   * Returns a copy of {@code values} after checking that it is non-empty, finite and of unit
   * length.
   *
   * @param name the argument name used in messages
   * @param values the vector to check
   * @return a defensive copy
   * @throws NullPointerException if {@code values} is null
   * @throws IllegalArgumentException if the vector is empty, holds NaN or infinity, or is not of
   *     unit length within {@link #UNIT_NORM_TOLERANCE}
   */
  static float[] checkedUnitCopy(String name, float[] values) {
    Objects.requireNonNull(values, name);
    float[] copy = values.clone();
    if (copy.length == 0) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    double squares = 0;
    for (int i = 0; i < copy.length; i++) {
      float v = copy[i];
      if (Float.isFinite(v) == false) {
        throw new IllegalArgumentException(
            name + "[" + i + "] is " + v + "; values must be finite");
      }
      squares += (double) v * v;
    }
    double norm = Math.sqrt(squares);
    if (Math.abs(norm - 1.0) > UNIT_NORM_TOLERANCE) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "%s must have unit L2 norm (1 ± 0.001), got norm %.6f", name, norm));
    }
    return copy;
  }

  /**
   * Checks that a label such as a collection or model id is non-null and not blank.
   *
   * @param name the argument name used in messages
   * @param value the label
   * @return {@code value}
   */
  static String checkedLabel(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
