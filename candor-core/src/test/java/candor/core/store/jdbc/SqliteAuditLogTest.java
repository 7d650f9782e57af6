package candor.core.store.jdbc;

/** Runs the audit log contract on SQLite. */
final class SqliteAuditLogTest extends AuditLogContract {

  @Override
  Vendor vendor() {
    return Vendor.SQLITE;
  }
}
