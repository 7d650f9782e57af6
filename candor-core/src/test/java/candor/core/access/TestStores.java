package candor.core.access;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import candor.core.store.StoreConfig;
import candor.core.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, migrated store for one test, on SQLite in a temporary directory or on a uniquely
 * named schema of the PostgreSQL server named by {@code CANDOR_TEST_PG_URL} (system property or
 * environment variable; without it a PostgreSQL test is skipped). Shared by the tests of the
 * access, policy, retention and transparency packages.
 */
public final class TestStores implements AutoCloseable {

  /** The databases a test can run on. */
  public enum Db {
    /** An SQLite file in the test's temporary directory. */
    SQLITE,
    /** A schema on the server named by {@code CANDOR_TEST_PG_URL}. */
    POSTGRESQL
  }

  /** The variable naming the PostgreSQL test server. */
  public static final String PG_URL_VARIABLE = "CANDOR_TEST_PG_URL";

  private final StoreConfig config;
  private final String url;
  private final String schema;
  private final String adminUrl;
  private final JdbcStore store;

  private TestStores(StoreConfig config, String url, String schema, String adminUrl,
      Clock clock) {
    this.config = config;
    this.url = url;
    this.schema = schema;
    this.adminUrl = adminUrl;
    this.store = JdbcStore.open(config, clock);
  }

  /**
   * Creates the database and opens a store on it.
   *
   * @param db which database
   * @param dir the test's temporary directory
   * @param clock the store's clock
   * @return the handle; close it after the test
   * @throws SQLException if the PostgreSQL schema cannot be created
   */
  public static TestStores open(Db db, Path dir, Clock clock) throws SQLException {
    if (db == Db.SQLITE) {
      StoreConfig config = StoreConfig.sqlite(dir.resolve("data"));
      return new TestStores(config, config.jdbcUrl(), null, null, clock);
    }
    String base = postgresUrl();
    assumeTrue(base != null && base.isBlank() == false,
        PG_URL_VARIABLE + " is not set: skipping the PostgreSQL variant");
    String schema = "candor_test_" + UUID.randomUUID().toString().replace("-", "")
        .substring(0, 16).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    StoreConfig config = StoreConfig.postgresql(url, null, null,
        dir.resolve("keys").resolve("master.key"));
    return new TestStores(config, url, schema, base, clock);
  }

  /**
   * Returns the URL of the PostgreSQL test server, or null.
   *
   * @return the JDBC URL from {@code CANDOR_TEST_PG_URL}
   */
  public static String postgresUrl() {
    return System.getProperty(PG_URL_VARIABLE, System.getenv(PG_URL_VARIABLE));
  }

  /**
   * Returns the open store.
   *
   * @return the store
   */
  public JdbcStore store() {
    return store;
  }

  /**
   * Returns the store's configuration.
   *
   * @return the configuration
   */
  public StoreConfig config() {
    return config;
  }

  /**
   * Opens a plain connection outside the store, to inspect or tamper with rows.
   *
   * @return a new connection; the caller closes it
   * @throws SQLException if it fails
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /**
   * Runs statements on a plain connection in auto-commit mode.
   *
   * @param sql the statements
   * @throws SQLException if one fails
   */
  public void execute(String... sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    store.close();
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}
