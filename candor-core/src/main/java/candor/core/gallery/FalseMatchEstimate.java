package candor.core.gallery;

import java.util.Locale;
import java.util.Objects;

/**
 * How often a comparison of two different people scores at least a given similarity: the false
 * match rate (FMR) at that score, read from a model's calibration table.
 *
 * @param fmr the rate, in (0, 1]; an upper bound when {@code bound} is {@link Bound#BELOW}, a
 *     lower bound when it is {@link Bound#AT_LEAST}
 * @param bound whether {@code fmr} is an estimate inside the table or a bound at one of its ends
 */
public record FalseMatchEstimate(double fmr, Bound bound) {

  /** Where the score fell in the calibration table. */
  public enum Bound {
    /** Inside the table: interpolated between two measured thresholds. */
    ESTIMATE,
    /** Above the table's highest threshold: fewer impostor pairs than the table could resolve. */
    BELOW,
    /** Below the table's lowest threshold: at least the table's largest rate. */
    AT_LEAST
  }

  /**
   * Validates the estimate.
   *
   * @throws IllegalArgumentException if {@code fmr} is not in (0, 1]
   * @throws NullPointerException if {@code bound} is null
   */
  public FalseMatchEstimate {
    if ((fmr > 0 && fmr <= 1) == false) {
      throw new IllegalArgumentException("fmr must be in (0, 1], got " + fmr);
    }
    Objects.requireNonNull(bound, "bound");
  }

  /**
   * Describes the estimate for a reviewer.
   *
   * @return for example {@code "1.2e-04"}, {@code "below 1.0e-06"} or {@code "at least 5.0e-01"}
   */
  @Override
  public String toString() {
    String value = String.format(Locale.ROOT, "%.1e", fmr);
    return switch (bound) {
      case ESTIMATE -> value;
      case BELOW -> "below " + value;
      case AT_LEAST -> "at least " + value;
    };
  }
}
