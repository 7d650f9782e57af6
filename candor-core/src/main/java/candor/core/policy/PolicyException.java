package candor.core.policy;

/**
 * The root of the unchecked exceptions the policy throws when it refuses something; each subclass
 * is named for what was refused.
 */
public abstract class PolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused and why, for a person to read
   */
  protected PolicyException(String message) {
    super(message);
  }
}
