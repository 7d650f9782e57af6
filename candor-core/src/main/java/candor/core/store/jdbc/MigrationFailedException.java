package candor.core.store.jdbc;

import candor.core.store.StoreException;

/** Thrown when the database schema cannot be brought up to date when the store opens. */
public final class MigrationFailedException extends StoreException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the database
   * @param cause Flyway's failure
   */
  public MigrationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
