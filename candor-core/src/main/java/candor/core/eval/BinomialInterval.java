package candor.core.eval;

/**
 * Two-sided 95 % confidence intervals for an error rate measured as k errors in n independent
 * trials (a binomial proportion), as ISO/IEC 19795-1 and NIST IR 8280 ask beside every false match
 * and false non-match rate.
 *
 * <p>Comparisons that share an image or a person are not independent, so on face data these
 * intervals are narrower than the truth; they still show when a rate rests on too few comparisons
 * to mean anything (a rate near 1e-3 from 10 impostor pairs, say).
 *
 * <p>Pure arithmetic; thread-safe.
 */
public enum BinomialInterval {
  /**
   * The exact interval of Clopper and Pearson (1934): the rates at which the observed count sits
   * in a 2.5 % tail of the binomial distribution. Conservative (covers at least 95 %), and
   * meaningful at zero errors, where its upper bound is {@code 1 - 0.025^(1/n)}, about 3.7 / n.
   */
  CLOPPER_PEARSON("clopper-pearson") {
    @Override
    public Bounds bounds(long errors, long trials) {
      check(errors, trials);
      double tail = (1 - CONFIDENCE) / 2;
      // P(X >= k | p) rises with p, so the lower bound is where it reaches the tail; P(X <= k | p)
      // falls with p, so the upper bound is where it drops to the tail
      double lower = errors == 0 ? 0 : solve(p -> 1 - cdf(errors - 1, trials, p), tail, true);
      double upper = errors == trials ? 1 : solve(p -> cdf(errors, trials, p), tail, false);
      return new Bounds(lower, upper);
    }
  },
  /**
   * The score interval of Wilson (1927): closed form, close to 95 % coverage on average, and
   * never outside [0, 1]; narrower than Clopper-Pearson.
   */
  WILSON("wilson") {
    @Override
    public Bounds bounds(long errors, long trials) {
      check(errors, trials);
      double n = trials;
      double p = errors / n;
      double z2 = Z * Z;
      double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
      double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
      return new Bounds(errors == 0 ? 0 : Math.max(0, centre - half),
          errors == trials ? 1 : Math.min(1, centre + half));
    }
  };

  /** The confidence level of every interval. */
  public static final double CONFIDENCE = 0.95;

  /** The 0.975 quantile of the standard normal distribution. */
  static final double Z = 1.959963984540054;

  private final String label;

  BinomialInterval(String label) {
    this.label = label;
  }

  /**
   * Computes the interval.
   *
   * @param errors k, the errors counted, 0 to {@code trials}
   * @param trials n, the comparisons made, at least 1
   * @return the bounds, {@code 0 <= lower <= k/n <= upper <= 1}
   * @throws IllegalArgumentException if {@code trials < 1} or {@code errors} is outside 0 to
   *     {@code trials}
   */
  public abstract Bounds bounds(long errors, long trials);

  /**
   * Returns the name the command line and the JSON use.
   *
   * @return {@code clopper-pearson} or {@code wilson}
   */
  public String label() {
    return label;
  }

  /**
   * The bounds of an interval.
   *
   * @param lower the lower bound, in [0, 1]
   * @param upper the upper bound, in [lower, 1]
   */
  public record Bounds(double lower, double upper) {}

  private static void check(long errors, long trials) {
    if (trials < 1 || errors < 0 || errors > trials) {
      throw new IllegalArgumentException("expected 0 <= errors <= trials and trials >= 1, got "
          + errors + " errors in " + trials + " trials");
    }
  }

  /** A function of the rate p, monotone on (0, 1). */
  private interface Curve {
    double at(double p);
  }

  /**
   * The p in (0, 1) where a monotone curve crosses {@code target}, by bisection on ln p (so a rate
   * of 1e-7 is found to the same relative precision as one of 0.3, about 1e-15).
   */
  private static double solve(Curve curve, double target, boolean rising) {
    double lo = -745; // ln of the smallest double
    double hi = 0;
    for (int i = 0; i < 200; i++) {
      double mid = 0.5 * (lo + hi);
      if ((curve.at(Math.exp(mid)) < target) == rising) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.exp(0.5 * (lo + hi));
  }

  /**
   * P(X <= k) for X ~ Binomial(n, p), 0 < p < 1, summed in log space over the terms within 40
   * standard deviations of the mean (the rest add less than 1e-300).
   */
  static double cdf(long k, long n, double p) {
    if (k < 0) {
      return 0;
    }
    if (k >= n) {
      return 1;
    }
    double mean = n * p;
    double sd = Math.sqrt(n * p * (1 - p));
    long lo = Math.max(0, (long) Math.floor(mean - 40 * sd) - 1);
    long hi = Math.min(k, (long) Math.ceil(mean + 40 * sd) + 1);
    if (k < lo) {
      return 0;
    }
    double logRatio = Math.log(p) - Math.log1p(-p);
    double term = logChoose(n, lo) + lo * Math.log(p) + (n - lo) * Math.log1p(-p);
    double max = term;
    double sum = 1; // sum of exp(term_i - max)
    for (long i = lo; i < hi; i++) {
      term += Math.log((double) (n - i) / (i + 1)) + logRatio;
      if (term > max) {
        sum = sum * Math.exp(max - term) + 1;
        max = term;
      } else {
        sum += Math.exp(term - max);
      }
    }
    return Math.min(1, Math.exp(max + Math.log(sum)));
  }

  /** ln(n choose k). */
  static double logChoose(long n, long k) {
    return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  }

  /**
   * ln(n!): summed exactly below 256, Stirling's series with four correction terms above (error
   * below 1e-17 relative there).
   */
  static double logFactorial(long n) {
    if (n < 256) {
      double s = 0;
      for (long i = 2; i <= n; i++) {
        s += Math.log(i);
      }
      return s;
    }
    double x = n + 1.0; // ln n! = ln Gamma(n + 1)
    double x2 = x * x;
    return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
        + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2) - 1 / (1680 * x * x2 * x2 * x2);
  }
}
