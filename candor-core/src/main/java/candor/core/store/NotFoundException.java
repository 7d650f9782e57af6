package candor.core.store;

/**
 * The parent of the exceptions thrown when an operation names something that does not exist (an
 * HTTP API maps it to 404 Not Found).
 */
public abstract class NotFoundException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what does not exist
   */
  protected NotFoundException(String message) {
    super(message);
  }
}
