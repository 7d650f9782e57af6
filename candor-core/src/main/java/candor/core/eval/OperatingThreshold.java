package candor.core.eval;

import candor.core.gallery.Calibration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A similarity threshold at which error rates are reported, and where it came from.
 *
 * @param name what the report calls it: {@code fmr_1e-3}, {@code fmr_1e-4}, {@code deployment},
 *     or the policy's, such as {@code worst_group_1e-4}
 * @param score the similarity threshold: a pair matches at or above it
 * @param source how it was set, for a reader (the calibration table, an option, a policy)
 */
public record OperatingThreshold(String name, double score, String source) {

  /**
   * Validates.
   *
   * @throws NullPointerException if the name or source is null
   * @throws IllegalArgumentException if the score is not finite
   */
  public OperatingThreshold {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    if (Double.isFinite(score) == false) {
      throw new IllegalArgumentException("threshold " + name + " must be finite, got " + score);
    }
  }

  /**
   * The score at which a model's shipped calibration (score to false match rate over every
   * impostor comparison it was measured on) estimates a given overall false match rate.
   *
   * @param templateModel the template model id
   * @param fmr the overall false match rate, in (0, 1)
   * @return the threshold named {@code fmr_<rate>}; empty when the model has no calibration or
   *     the rate is outside its table
   */
  public static Optional<OperatingThreshold> calibrated(String templateModel, double fmr) {
    return Calibration.forModel(templateModel).flatMap(c -> {
      var score = c.scoreAt(fmr);
      return score.isPresent()
          ? Optional.of(new OperatingThreshold("fmr_" + rate(fmr), score.getAsDouble(),
              "calibration " + templateModel + ": overall FMR " + rate(fmr)))
          : Optional.empty();
    });
  }

  /**
   * Writes a rate compactly: {@code 1e-4} for powers of ten, else as Java prints it.
   *
   * @param fmr a rate in (0, 1)
   * @return its text
   */
  public static String rate(double fmr) {
    long exponent = Math.round(Math.log10(fmr));
    if (exponent < 0 && Math.abs(fmr - Math.pow(10, exponent)) < 1e-9 * fmr) {
      return "1e" + exponent;
    }
    return String.format(Locale.ROOT, "%s", fmr);
  }
}
