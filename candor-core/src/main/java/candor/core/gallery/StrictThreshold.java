package candor.core.gallery;

import candor.core.model.InvalidRequestException;
import java.util.Locale;
import java.util.Objects;

/**
 * The similarity a face must reach to be taken for a particular person without a person's
 * judgement first narrowing the list: the score at which a model's calibration table estimates a
 * given false match rate, by default {@value #DEFAULT_MAX_FMR}. Access requests (a requester's
 * faces) and the do-not-enrol check of every ingest use it, so that both draw the same line.
 *
 * <p>What it means in a gallery: each stranger's face compared is a false match with probability
 * about {@code maxFmr}, so a search of N faces returns about {@code N × maxFmr} strangers'
 * faces (see models/MODELS.md for the measured arithmetic on LFW).
 *
 * @param modelId the model whose calibration the score was read from
 * @param maxFmr the false match rate chosen, in (0, 1]
 * @param score the cosine similarity at which the calibrated rate falls to {@code maxFmr}
 */
public record StrictThreshold(String modelId, double maxFmr, double score) {

  /**
   * The default rate: one false match in 100,000 comparisons. The shipped calibration places it
   * at a similarity of about 0.478, between its measured rows 0.47 (1.46e-5) and 0.48 (9.2e-6).
   */
  public static final double DEFAULT_MAX_FMR = 1e-5;

  /**
   * Validates.
   *
   * @throws NullPointerException if {@code modelId} is null
   * @throws IllegalArgumentException if {@code maxFmr} is not in (0, 1] or the score not finite
   */
  public StrictThreshold {
    Objects.requireNonNull(modelId, "modelId");
    if ((maxFmr > 0 && maxFmr <= 1) == false) {
      throw new InvalidRequestException("the false match rate must be in (0, 1], got " + maxFmr);
    }
    if (Double.isFinite(score) == false) {
      throw new IllegalArgumentException("score must be finite, got " + score);
    }
  }

  /**
   * Reads the threshold of a rate from a model's shipped calibration.
   *
   * @param modelId the template model
   * @param maxFmr the false match rate wanted, in (0, 1]
   * @return the threshold
   * @throws IllegalStateException if no calibration ships for the model (message {@code "model M
   *     has no calibration table: a strict threshold cannot be chosen for it"})
   * @throws IllegalArgumentException if the rate is outside (0, 1] or outside what the table
   *     measured
   */
  public static StrictThreshold forModel(String modelId, double maxFmr) {
    if ((maxFmr > 0 && maxFmr <= 1) == false) {
      throw new InvalidRequestException("the false match rate must be in (0, 1], got " + maxFmr);
    }
    Calibration calibration = Calibration.forModel(modelId).orElseThrow(() ->
        new IllegalStateException("model " + modelId + " has no calibration table: a strict"
            + " threshold cannot be chosen for it"));
    double score = calibration.scoreAt(maxFmr).orElseThrow(() -> new InvalidRequestException(
        String.format(Locale.ROOT, "a false match rate of %.1e is outside what the calibration"
            + " of model %s measured", maxFmr, modelId)));
    return new StrictThreshold(modelId, maxFmr, score);
  }

  /**
   * Returns whether a similarity reaches the threshold.
   *
   * @param similarity a cosine similarity between two templates of this model
   * @return {@code true} if it is at least {@link #score()}
   */
  public boolean reached(double similarity) {
    return similarity >= score;
  }
}
