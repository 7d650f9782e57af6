package candor.core.crypto;

import candor.core.store.StoreException;

/**
 * Thrown when the master key file cannot be created, read or trusted, or lacks a key the
 * database needs.
 */
public final class MasterKeyException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file
   */
  public MasterKeyException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what is wrong, naming the file
   * @param cause the I/O or parse failure
   */
  public MasterKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
