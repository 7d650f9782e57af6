package candor.core.policy.jdbc;

import candor.core.store.Store;
import candor.core.store.Transaction;
import candor.core.store.jdbc.JdbcStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * JDBC for the tables of the access, policy, review and retention packages, joining the store's
 * transactions so that a change and its audit entry commit together.
 *
 * <p>Not public API: only candor-core's own packages use it.
 *
 * <p>Stateless and thread-safe.
 */
public final class Jdbc {

  private Jdbc() {}

  /** Work on a connection that may throw {@link SQLException}. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Runs the work.
     *
     * @param connection the transaction's connection; do not commit, roll back or close it
     * @return the result
     * @throws SQLException if a statement fails
     */
    T run(Connection connection) throws SQLException;
  }

  /** Maps the current row of a result set; must not advance it. */
  @FunctionalInterface
  public interface RowMapper<T> {
    /**
     * Maps the row.
     *
     * @param row the result set, on the row to map
     * @return the value
     * @throws SQLException if a column cannot be read
     */
    T map(ResultSet row) throws SQLException;
  }

  /**
   * Runs work on the connection of an open transaction of {@code store}, wrapping a {@link
   * SQLException} in a {@link candor.core.store.jdbc.StatementFailedException} that names the
   * operation.
   *
   * @param store the store that opened {@code tx}; a {@link JdbcStore}
   * @param tx the open transaction
   * @param operation what the work does, for the error message
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   * @throws IllegalArgumentException if the store is not a JDBC store or the transaction is not
   *     its own
   * @throws IllegalStateException if the transaction is no longer open
   */
  public static <T> T run(Store store, Transaction tx, String operation, Work<T> work) {
    Connection connection = connection(store, tx);
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new candor.core.store.jdbc.StatementFailedException(operation, e);
    }
  }

  /**
   * Runs read-only work in a transaction of its own.
   *
   * @param store the store
   * @param operation what the work does, for the error message
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   */
  public static <T> T read(Store store, String operation, Work<T> work) {
    return store.inTransaction(tx -> run(store, tx, operation, work));
  }

  private static Connection connection(Store store, Transaction tx) {
    Objects.requireNonNull(tx, "tx");
    if (store instanceof JdbcStore == false) {
      throw new IllegalArgumentException("expected a JDBC store, got " + store);
    }
    return ((JdbcStore) store).connection(tx);
  }

  // ---- statement helpers ---------------------------------------------------------------------

  /**
   * Returns whether the connection is to PostgreSQL (else SQLite).
   *
   * @param c the connection
   * @return {@code true} for PostgreSQL
   * @throws SQLException if the metadata cannot be read
   */
  public static boolean isPostgres(Connection c) throws SQLException {
    return c.getMetaData().getURL().startsWith("jdbc:postgresql:");
  }

  /**
   * Returns whether {@code e} reports a unique or primary key violation, on either database.
   *
   * @param e the failure
   * @return {@code true} for a unique violation
   */
  public static boolean isUniqueViolation(SQLException e) {
    if ("23505".equals(e.getSQLState())) {
      return true;
    }
    return (e.getErrorCode() & 0xff) == 19 && e.getMessage() != null
        && e.getMessage().contains("UNIQUE");
  }

  /**
   * Binds {@code args} in order and executes an update.
   *
   * @param c the connection
   * @param sql the statement
   * @param args the parameters
   * @return the row count
   * @throws SQLException if it fails
   */
  public static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, args);
      return statement.executeUpdate();
    }
  }

  /**
   * Runs a query expected to return at most one row.
   *
   * @param c the connection
   * @param sql the query
   * @param mapper maps the row
   * @param args the parameters
   * @param <T> the value type
   * @return the first row's value, or empty
   * @throws SQLException if it fails
   */
  public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, args);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(mapper.map(row)) : Optional.empty();
      }
    }
  }

  /**
   * Runs a query.
   *
   * @param c the connection
   * @param sql the query
   * @param mapper maps each row
   * @param args the parameters
   * @param <T> the value type
   * @return the values, in the query's order
   * @throws SQLException if it fails
   */
  public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, args);
      try (ResultSet row = statement.executeQuery()) {
        List<T> result = new ArrayList<>();
        while (row.next()) {
          result.add(mapper.map(row));
        }
        return result;
      }
    }
  }

  /**
   * Converts an instant to the microseconds since the epoch that the store keeps.
   *
   * @param instant the instant
   * @return microseconds since 1970-01-01T00:00Z
   */
  public static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /**
   * Converts microseconds since the epoch to an instant.
   *
   * @param micros microseconds since 1970-01-01T00:00Z
   * @return the instant
   */
  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /**
   * Reads a nullable BIGINT column of microseconds as an instant.
   *
   * @param row the row
   * @param column the column's name
   * @return the instant, or empty if the column is NULL
   * @throws SQLException if it cannot be read
   */
  public static Optional<Instant> optionalInstant(ResultSet row, String column)
      throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(instant(value));
  }

  private static void bind(PreparedStatement statement, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof byte[] bytes) {
        statement.setBytes(i + 1, bytes);
      } else if (arg instanceof Boolean b) {
        statement.setBoolean(i + 1, b);
      } else if (arg == null) {
        statement.setObject(i + 1, null);
      } else {
        statement.setObject(i + 1, arg);
      }
    }
  }
}
