package candor.core.policy;

/**
 * Thrown when a reviewer confirms a weak candidate (its estimated false match rate is above the
 * deployment's review threshold, or it has none) without a written reason of at least {@link
 * Reviews#WEAK_REASON_MIN} characters. Nothing is recorded.
 */
public final class WeakCandidateException extends PolicyException {

  private static final long serialVersionUID = 1L;

  /** The rule's name, as problem responses and messages give it: {@value}. */
  public static final String RULE = "weak-candidate-reason";

  /**
   * Creates the exception.
   *
   * @param message which candidate, why it is weak, and how long the reason must be
   */
  public WeakCandidateException(String message) {
    super(message);
  }

  /**
   * Returns the name of the rule that refused the confirmation.
   *
   * @return {@value #RULE}
   */
  public String rule() {
    return RULE;
  }
}
