package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs the command-line tamper suite on a SQLite data directory; the backup is a copy of the
 * database file, taken and restored between commands (each closes the store, so no WAL is left
 * beside the file), as an operator (or an attacker) would.
 */
final class SqliteAuditReceiptsCliTest extends AuditReceiptsCliContract {

  @Override
  List<Object> firstUse() {
    return List.of("--store", "sqlite");
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(StoreConfig.sqlite(data).jdbcUrl());
  }

  @Override
  void dropTriggers() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER audit_log_no_update");
      s.execute("DROP TRIGGER audit_log_no_delete");
    }
  }

  Path file() {
    return data.resolve(StoreConfig.SQLITE_FILE_NAME);
  }

  Path backup() {
    return root.resolve("candor.db.backup");
  }

  @Override
  void backUp() throws Exception {
    assertThat(data.resolve("candor.db-wal")).doesNotExist(); // every command closed the store
    Files.copy(file(), backup());
  }

  @Override
  void restoreBackup() throws Exception {
    Files.copy(backup(), file(), StandardCopyOption.REPLACE_EXISTING);
  }
}
