package candor.core.crypto;

import candor.core.store.StoreException;

/**
 * Thrown when sealed bytes fail authentication: they were altered, truncated, sealed under
 * another key, or bound to another object.
 */
public final class DecryptionFailedException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed to decrypt
   * @param cause the cipher's failure, or {@code null}
   */
  public DecryptionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
