package candor.core.eval;

/**
 * A rate counted on an evaluation, with its 95 % confidence interval: a false match rate (false
 * matches over impostor pairs), a false non-match rate, a rank-1 rate, a false positive
 * identification rate.
 *
 * @param count the events counted (errors, or hits for a rank-1 rate), 0 to {@code of}
 * @param of the trials they were counted over (pairs, probes), 0 or more
 * @param rate {@code count / of}; null when {@code of} is 0 (nothing was measured)
 * @param lower the interval's lower bound; null when {@code of} is 0
 * @param upper the interval's upper bound; null when {@code of} is 0
 */
public record MeasuredRate(long count, long of, Double rate, Double lower, Double upper) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if {@code count} is outside 0 to {@code of}, or the rate and
   *     bounds are null exactly when {@code of} is not 0
   */
  public MeasuredRate {
    if (count < 0 || count > of) {
      throw new IllegalArgumentException("expected 0 <= count <= of, got " + count + " of " + of);
    }
    if ((of == 0) != (rate == null) || (of == 0) != (lower == null) || (of == 0) != (upper == null)) {
      throw new IllegalArgumentException("rate and bounds must be null exactly when of is 0, got "
          + rate + " [" + lower + ", " + upper + "] of " + of);
    }
  }

  /**
   * Counts a rate and computes its interval.
   *
   * @param count the events counted
   * @param of the trials
   * @param interval how to compute the interval
   * @return the rate; without rate or bounds when {@code of} is 0
   * @throws IllegalArgumentException if {@code count} is outside 0 to {@code of}
   */
  public static MeasuredRate of(long count, long of, BinomialInterval interval) {
    if (of == 0) {
      return new MeasuredRate(count, 0, null, null, null);
    }
    BinomialInterval.Bounds b = interval.bounds(count, of);
    return new MeasuredRate(count, of, (double) count / of, b.lower(), b.upper());
  }
}
