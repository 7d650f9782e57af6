package candor.core.audit;

import candor.core.access.TestStores;
import java.sql.SQLException;

/**
 * Runs the anchored log's tamper suite on PostgreSQL when {@code CANDOR_TEST_PG_URL} is set; the
 * rollback deletes the entries after the backed-up head and resets the head to it, which leaves
 * the log as restoring a dump of that moment would.
 */
final class PostgresAnchoredLogTest extends AnchoredLogContract {

  private Head backup;

  @Override
  TestStores.Db db() {
    return TestStores.Db.POSTGRESQL;
  }

  @Override
  void dropTriggers() throws SQLException {
    db.execute("DROP TRIGGER audit_log_no_update ON audit_log");
  }

  @Override
  void backUp() throws SQLException {
    backup = head();
  }

  @Override
  void restoreBackup() throws SQLException {
    cutAfter(backup);
  }
}
