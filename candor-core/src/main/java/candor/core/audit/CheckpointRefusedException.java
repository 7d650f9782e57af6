package candor.core.audit;

/**
 * Thrown when a checkpoint cannot be signed: the audit chain is broken (a receipt must never
 * vouch for a broken chain), or no signing key is configured. An HTTP API maps it to 409
 * Conflict; the message says which.
 */
public final class CheckpointRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message why no checkpoint is signed
   */
  public CheckpointRefusedException(String message) {
    super(message);
  }
}
