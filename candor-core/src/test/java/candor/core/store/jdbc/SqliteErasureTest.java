package candor.core.store.jdbc;

/** Runs the erasure contract on SQLite. */
final class SqliteErasureTest extends ErasureContract {

  @Override
  Vendor vendor() {
    return Vendor.SQLITE;
  }
}
