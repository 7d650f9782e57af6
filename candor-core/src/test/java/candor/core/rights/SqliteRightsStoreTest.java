package candor.core.rights;

import candor.core.access.TestStores;

/** Runs the rights store contract on SQLite. */
final class SqliteRightsStoreTest extends RightsStoreContract {
  @Override
  TestStores.Db db() {
    return TestStores.Db.SQLITE;
  }
}
