package candor.core.policy;

import java.util.Objects;

/**
 * Thrown when the policy denies an action; the denial is already in the audit log when this is
 * thrown. An HTTP API maps it to 403 Forbidden.
 */
public class AccessDeniedException extends PolicyException {

  private static final long serialVersionUID = 1L;

  /** The decision that denied the action. */
  private final transient PolicyDecision decision;

  /**
   * Creates the exception.
   *
   * @param decision the denying decision; its reason is the message
   * @throws IllegalArgumentException if the decision allows
   */
  public AccessDeniedException(PolicyDecision decision) {
    super(Objects.requireNonNull(decision, "decision").reason());
    if (decision.allowed()) {
      throw new IllegalArgumentException("the decision allows: " + decision);
    }
    this.decision = decision;
  }

  /**
   * Returns the decision that denied the action.
   *
   * @return the decision
   */
  public PolicyDecision decision() {
    return decision;
  }
}
