package candor.core.gallery;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A uniquely named, empty schema on the PostgreSQL server named by {@code CANDOR_TEST_PG_URL}
 * (system property or environment variable), dropped on close, so that tests running at once
 * never share rows. Without that variable the test is skipped.
 */
final class PostgresSchema implements AutoCloseable {

  static final String PG_URL_VARIABLE = "CANDOR_TEST_PG_URL";

  private final String adminUrl;
  private final String schema;

  private PostgresSchema(String adminUrl, String schema) {
    this.adminUrl = adminUrl;
    this.schema = schema;
  }

  /** Whether a PostgreSQL test server is configured (for {@code @EnabledIf}). */
  static boolean configured() {
    String base = System.getProperty(PG_URL_VARIABLE, System.getenv(PG_URL_VARIABLE));
    return base != null && base.isBlank() == false;
  }

  /** Creates the schema, or skips the test when no server is configured. */
  static PostgresSchema create() throws SQLException {
    String base = System.getProperty(PG_URL_VARIABLE, System.getenv(PG_URL_VARIABLE));
    assumeTrue(base != null && base.isBlank() == false,
        PG_URL_VARIABLE + " is not set: skipping the PostgreSQL variant"
            + " (start a server with .ci/postgres.sh start DIR and set it to"
            + " jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres)");
    String schema = "candor_gallery_" + UUID.randomUUID().toString().replace("-", "")
        .substring(0, 16).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return new PostgresSchema(base, schema);
  }

  /** The JDBC URL of the schema. */
  String url() {
    return adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
