package candor.core.store.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import candor.core.store.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database for one test: a SQLite file in a temporary directory, or a uniquely
 * named schema on the PostgreSQL server named by {@code CANDOR_TEST_PG_URL} (system property or
 * environment variable), dropped on close. Without that variable a PostgreSQL test is skipped.
 */
final class TestDatabase implements AutoCloseable {

  /** The system property or environment variable naming the PostgreSQL test server. */
  static final String PG_URL_VARIABLE = "CANDOR_TEST_PG_URL";

  private final Vendor vendor;
  private final String url;
  private final StoreConfig config;
  private final String schema;
  private final String adminUrl;

  private TestDatabase(Vendor vendor, String url, StoreConfig config, String schema,
      String adminUrl) {
    this.vendor = vendor;
    this.url = url;
    this.config = config;
    this.schema = schema;
    this.adminUrl = adminUrl;
  }

  /** Creates the database for {@code vendor} with data and keys under {@code dir}. */
  static TestDatabase create(Vendor vendor, Path dir) throws SQLException {
    return vendor == Vendor.SQLITE ? sqlite(dir) : postgresql(dir);
  }

  static TestDatabase sqlite(Path dir) {
    StoreConfig config = StoreConfig.sqlite(dir.resolve("data"));
    return new TestDatabase(Vendor.SQLITE, config.jdbcUrl(), config, null, null);
  }

  static TestDatabase postgresql(Path dir) throws SQLException {
    String base = System.getProperty(PG_URL_VARIABLE, System.getenv(PG_URL_VARIABLE));
    assumeTrue(base != null && base.isBlank() == false,
        PG_URL_VARIABLE + " is not set: skipping the PostgreSQL variant"
            + " (start a server with .ci/postgres.sh start DIR and set it to"
            + " jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres)");
    String schema = "candor_test_" + UUID.randomUUID().toString().replace("-", "")
        .substring(0, 16).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    StoreConfig config =
        StoreConfig.postgresql(url, null, null, dir.resolve("keys").resolve("master.key"));
    return new TestDatabase(Vendor.POSTGRESQL, url, config, schema, base);
  }

  Vendor vendor() {
    return vendor;
  }

  StoreConfig config() {
    return config;
  }

  /** Opens a plain connection outside the store, to inspect or tamper with rows. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** Runs statements on a plain connection, in auto-commit mode. */
  void execute(String... sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  /** Drops the triggers that make the audit log append-only, as an attacker with DDL could. */
  void dropAuditTriggers() throws SQLException {
    if (vendor == Vendor.SQLITE) {
      execute("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete");
    } else {
      execute("DROP TRIGGER audit_log_no_update ON audit_log");
    }
  }

  @Override
  public void close() throws SQLException {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
