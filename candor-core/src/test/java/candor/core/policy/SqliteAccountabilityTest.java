package candor.core.policy;

import candor.core.access.TestStores;

/** Runs the accountability contract on SQLite. */
final class SqliteAccountabilityTest extends AccountabilityContract {
  @Override
  TestStores.Db db() {
    return TestStores.Db.SQLITE;
  }
}
