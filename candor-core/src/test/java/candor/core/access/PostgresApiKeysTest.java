package candor.core.access;

/** Runs the API key contract on PostgreSQL when {@code CANDOR_TEST_PG_URL} is set. */
final class PostgresApiKeysTest extends ApiKeysContract {
  @Override
  TestStores.Db db() {
    return TestStores.Db.POSTGRESQL;
  }
}
