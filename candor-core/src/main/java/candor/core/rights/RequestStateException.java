package candor.core.rights;

/**
 * Thrown when a request is asked for something its state does not allow yet or any more: a
 * report before the requester's identity is checked, an erasure of a match nobody confirmed, any
 * change to an answered request. The message says what is missing.
 */
public final class RequestStateException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the request lacks, and how to give it
   */
  public RequestStateException(String message) {
    super(message);
  }
}
