package candor.core.store.jdbc;

import candor.core.store.JdbcUrls;
import candor.core.store.StoreException;
import java.sql.SQLException;

/**
 * Thrown when the database fails an operation: a statement, a commit, or getting a connection.
 * The message names the operation; the cause is the driver's {@link SQLException}.
 */
public final class StatementFailedException extends StoreException {

  private static final long serialVersionUID = 1L;

  /** What the store was doing. */
  private final String operation;

  /**
   * Creates the exception.
   *
   * @param operation what the store was doing, such as {@code "ingest"}
   * @param cause the driver's failure
   */
  public StatementFailedException(String operation, SQLException cause) {
    // A driver's message may quote the URL it connected to, password and all.
    super(JdbcUrls.redact("database operation '" + operation + "' failed: " + cause.getMessage()
        + (cause.getSQLState() == null ? "" : " [SQLState " + cause.getSQLState() + "]")), cause);
    this.operation = operation;
  }

  /**
   * Returns what the store was doing.
   *
   * @return the operation's name
   */
  public String operation() {
    return operation;
  }
}
