package candor.core.store;

/**
 * The root of the unchecked exceptions that the store, the audit log and the key handling of
 * candor-core throw; each subclass is named for what failed.
 */
public abstract class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, for a person to read
   */
  protected StoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what failed, for a person to read
   * @param cause the underlying failure
   */
  protected StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
