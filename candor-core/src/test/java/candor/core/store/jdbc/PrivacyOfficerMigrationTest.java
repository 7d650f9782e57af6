package candor.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.store.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V14.1 rebuilds SQLite's api_keys to admit the privacy officer role: an existing database keeps
 * its keys and their collection grants, and the grants' foreign key still holds afterwards.
 */
final class PrivacyOfficerMigrationTest {

  @TempDir Path dir;

  @Test
  void an_sqlite_database_with_keys_keeps_them_and_their_grants_through_the_rebuild()
      throws Exception {
    StoreConfig config = StoreConfig.sqlite(dir.resolve("data"));
    java.nio.file.Files.createDirectories(dir.resolve("data"));
    String url = config.jdbcUrl();
    // An install from before V12, with a key and its grant.
    Flyway.configure().dataSource(url, null, null)
        .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
        .placeholders(Map.of("blob", "BLOB")).target("11").load().migrate();
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("INSERT INTO api_keys (id, name, role, all_collections, token_sha256,"
          + " created_by, created_micros) VALUES ('k1', 'erin', 'ENROLLER', FALSE, 'h1', 'a', 1)");
      s.execute("INSERT INTO api_key_collections (key_id, collection) VALUES ('k1', 'archive')");
    }

    JdbcStore.open(config).close(); // migrates V12 and on

    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("PRAGMA foreign_keys = ON");
      try (ResultSet r = s.executeQuery("SELECT k.name, g.collection FROM api_keys k"
          + " JOIN api_key_collections g ON g.key_id = k.id")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("erin");
        assertThat(r.getString(2)).isEqualTo("archive");
      }
      s.execute("INSERT INTO api_keys (id, name, role, all_collections, token_sha256,"
          + " created_by, created_micros) VALUES ('k2', 'olga', 'PRIVACY_OFFICER', TRUE, 'h2',"
          + " 'a', 2)");
      assertThatThrownBy(() -> s.execute("INSERT INTO api_key_collections (key_id, collection)"
          + " VALUES ('nobody', 'archive')")).hasMessageContaining("FOREIGN KEY");
      try (ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
        assertThat(r.next()).isFalse();
      }
    }
  }
}
