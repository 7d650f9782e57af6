package candor.core.audit;

import candor.core.access.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;

/**
 * Runs the anchored log's tamper suite on SQLite; the backup is a copy of the database file,
 * taken and restored with the store closed, as an operator (or an attacker) would.
 */
final class SqliteAnchoredLogTest extends AnchoredLogContract {

  @Override
  TestStores.Db db() {
    return TestStores.Db.SQLITE;
  }

  @Override
  void dropTriggers() throws SQLException {
    db.execute("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete");
  }

  Path file() {
    return data().resolve("candor.db");
  }

  Path backup() {
    return dir.resolve("candor.db.backup");
  }

  @Override
  void backUp() throws Exception {
    store.close(); // the last connection's close folds the WAL into the file
    Files.copy(file(), backup());
    reopen();
  }

  @Override
  void restoreBackup() throws Exception {
    store.close();
    Files.deleteIfExists(data().resolve("candor.db-wal"));
    Files.deleteIfExists(data().resolve("candor.db-shm"));
    Files.copy(backup(), file(), StandardCopyOption.REPLACE_EXISTING);
    reopen();
  }
}
