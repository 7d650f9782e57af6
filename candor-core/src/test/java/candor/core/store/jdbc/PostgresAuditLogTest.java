package candor.core.store.jdbc;

/** Runs the audit log contract on PostgreSQL when {@code CANDOR_TEST_PG_URL} is set. */
final class PostgresAuditLogTest extends AuditLogContract {

  @Override
  Vendor vendor() {
    return Vendor.POSTGRESQL;
  }
}
