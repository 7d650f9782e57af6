package candor.core.policy;

/**
 * Thrown when a search spans several collections, or all of them, and no supervisor's approval
 * covers it; the denial is already in the audit log. An HTTP API maps it to 403 Forbidden.
 */
public final class ApprovalRequiredException extends AccessDeniedException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param decision the denying decision, whose reason says what approval is missing
   */
  public ApprovalRequiredException(PolicyDecision decision) {
    super(decision);
  }
}
