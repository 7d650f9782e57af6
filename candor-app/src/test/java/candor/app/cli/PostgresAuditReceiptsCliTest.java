package candor.app.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the command-line tamper suite on a PostgreSQL data directory when {@code
 * CANDOR_TEST_PG_URL} (system property or environment variable) names a test server, and skips
 * it with a message when it does not. Each test gets its own schema, recorded in the data
 * directory by the first {@code keys create --store postgres --jdbc-url URL&currentSchema=S} and
 * dropped afterwards. The backup copies the log and its head into tables beside them; restoring
 * it empties the log and puts those rows back, which leaves the log as restoring a dump of that
 * moment would.
 */
final class PostgresAuditReceiptsCliTest extends AuditReceiptsCliContract {

  static final String PG_URL_VARIABLE = "CANDOR_TEST_PG_URL";

  private String base;
  private String schema;
  private String url;

  @Override
  List<Object> firstUse() throws SQLException {
    base = System.getProperty(PG_URL_VARIABLE, System.getenv(PG_URL_VARIABLE));
    assumeTrue(base != null && base.isBlank() == false,
        PG_URL_VARIABLE + " is not set: skipping the PostgreSQL command-line tamper suite");
    String name = "audit_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
        .toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    }
    schema = name;
    url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return List.of("--store", "postgres", "--jdbc-url", url);
  }

  @AfterEach
  void drop_the_schema() throws SQLException {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  void dropTriggers() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER audit_log_no_update ON audit_log");
      s.execute("DROP TRIGGER audit_log_no_truncate ON audit_log");
    }
  }

  @Override
  void backUp() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE audit_log_backup AS SELECT * FROM audit_log");
      s.execute("CREATE TABLE audit_head_backup AS SELECT * FROM audit_head");
    }
  }

  @Override
  void restoreBackup() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("TRUNCATE audit_log");
      s.execute("INSERT INTO audit_log SELECT * FROM audit_log_backup");
      s.execute("UPDATE audit_head SET seq = b.seq, hash = b.hash FROM audit_head_backup b"
          + " WHERE audit_head.id = b.id");
      c.commit();
    }
  }
}
