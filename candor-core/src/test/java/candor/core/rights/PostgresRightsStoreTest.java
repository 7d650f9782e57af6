package candor.core.rights;

import candor.core.access.TestStores;

/** Runs the rights store contract on PostgreSQL when {@code CANDOR_TEST_PG_URL} is set. */
final class PostgresRightsStoreTest extends RightsStoreContract {
  @Override
  TestStores.Db db() {
    return TestStores.Db.POSTGRESQL;
  }
}
