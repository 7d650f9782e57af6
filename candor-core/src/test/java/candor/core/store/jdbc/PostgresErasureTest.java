package candor.core.store.jdbc;

/** Runs the erasure contract on PostgreSQL when {@code CANDOR_TEST_PG_URL} is set. */
final class PostgresErasureTest extends ErasureContract {

  @Override
  Vendor vendor() {
    return Vendor.POSTGRESQL;
  }
}
