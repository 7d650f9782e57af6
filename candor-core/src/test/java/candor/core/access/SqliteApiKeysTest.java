package candor.core.access;

/** Runs the API key contract on SQLite. */
final class SqliteApiKeysTest extends ApiKeysContract {
  @Override
  TestStores.Db db() {
    return TestStores.Db.SQLITE;
  }
}
