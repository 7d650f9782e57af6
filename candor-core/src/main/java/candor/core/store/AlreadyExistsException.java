package candor.core.store;

/**
 * The parent of the exceptions thrown when something to be created already exists (an HTTP API
 * maps it to 409 Conflict).
 */
public abstract class AlreadyExistsException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what already exists
   */
  protected AlreadyExistsException(String message) {
    super(message);
  }
}
