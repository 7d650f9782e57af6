package candor.core.gallery;

import java.time.Duration;
import java.util.Objects;

/**
 * The terms a search is reviewed under: who searched, the estimated false match rate above which
 * a candidate is <em>weak</em>, and how long the probe's face is kept for the reviewers at most.
 *
 * <p>A weak candidate is one whose score strangers reach too often to take it as a lead without a
 * stated reason: its estimated false match rate is above {@code weakAbove}, or the model has no
 * calibration to estimate it. Reviewers see it greyed and labelled, and confirming it needs a
 * written reason (see {@code candor.core.policy.Reviews}).
 *
 * @param searcher the user who searches (the name their key was issued to)
 * @param weakAbove the review threshold: a candidate whose estimated false match rate is above it
 *     is weak; in (0, 1]
 * @param probeRetention the longest the probe's face is kept for review; it goes sooner, when
 *     every candidate is decided; positive
 */
public record ReviewTerms(String searcher, double weakAbove, Duration probeRetention) {

  /**
   * The default review threshold: one false match in a thousand comparisons with strangers. A
   * search of a gallery of N people meets about N times this rate in false matches at that score,
   * so at 1e-3 a 10,000-face gallery already yields some ten strangers scoring as high.
   */
  public static final double DEFAULT_WEAK_ABOVE = 1e-3;

  /** The default longest time a probe's face is kept for review: 30 days. */
  public static final Duration DEFAULT_PROBE_RETENTION = Duration.ofDays(30);

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the user name is blank, or the threshold or retention is
   *     invalid
   * @throws NullPointerException if an argument is null
   */
  public ReviewTerms {
    Objects.requireNonNull(searcher, "searcher");
    if (searcher.isBlank()) {
      throw new IllegalArgumentException("searcher must not be blank");
    }
    checkThreshold(weakAbove);
    checkRetention(probeRetention);
  }

  /**
   * Returns whether a candidate with this estimate is weak under these terms.
   *
   * @param fmr the candidate's estimated false match rate, or {@code null} when not calibrated
   * @return {@code true} if weak
   */
  public boolean weak(FalseMatchEstimate fmr) {
    return weak(fmr, weakAbove);
  }

  /**
   * Returns whether a candidate with this estimate is weak under a threshold. An estimate that
   * is only a bound counts by the bound: an upper bound above the threshold cannot show the rate
   * is below it, so the candidate is weak.
   *
   * @param fmr the estimated false match rate, or {@code null} when not calibrated (weak)
   * @param weakAbove the threshold
   * @return {@code true} if weak
   */
  public static boolean weak(FalseMatchEstimate fmr, double weakAbove) {
    return fmr == null || fmr.fmr() > weakAbove;
  }

  /**
   * Checks a review threshold.
   *
   * @param weakAbove the threshold
   * @return {@code weakAbove}
   * @throws IllegalArgumentException if it is not in (0, 1]
   */
  public static double checkThreshold(double weakAbove) {
    if ((weakAbove > 0 && weakAbove <= 1) == false) {
      throw new IllegalArgumentException(
          "the review threshold must be a false match rate in (0, 1], got " + weakAbove);
    }
    return weakAbove;
  }

  /**
   * Checks a probe retention.
   *
   * @param retention how long
   * @return {@code retention}
   * @throws IllegalArgumentException if it is not positive
   * @throws NullPointerException if it is null
   */
  public static Duration checkRetention(Duration retention) {
    Objects.requireNonNull(retention, "probeRetention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("the probe retention must be positive, got " + retention);
    }
    return retention;
  }
}
