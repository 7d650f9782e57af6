package candor.core.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers shared by the repositories: time conversion and one-row queries. */
final class Sql {

  private Sql() {}

  /** Work on a connection that may throw {@link SQLException}. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Maps the current row of a result set; must not advance it. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** Binds {@code args} to {@code statement} in order. */
  static void bind(PreparedStatement statement, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof byte[] bytes) {
        statement.setBytes(i + 1, bytes);
      } else {
        statement.setObject(i + 1, arg);
      }
    }
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, args);
      return statement.executeUpdate();
    }
  }

  static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, args);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(mapper.map(row)) : Optional.empty();
      }
    }
  }

  static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args)
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

  static boolean exists(Connection c, String sql, Object... args) throws SQLException {
    return one(c, sql, row -> Boolean.TRUE, args).isPresent();
  }

  /**
   * Adds {@code count} to a counter and returns the first of the values it allocated. The update
   * locks the counter row until commit, so writers that allocate from it commit in order.
   */
  static long allocate(Connection c, String counter, int count) throws SQLException {
    if (update(c, "UPDATE counters SET value = value + ? WHERE name = ?", (long) count, counter)
        != 1) {
      throw new SQLException("counter '" + counter + "' is missing");
    }
    long last =
        one(c, "SELECT value FROM counters WHERE name = ?", row -> row.getLong(1), counter)
            .orElseThrow();
    return last - count + 1;
  }
}
