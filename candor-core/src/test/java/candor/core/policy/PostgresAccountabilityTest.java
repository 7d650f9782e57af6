package candor.core.policy;

import candor.core.access.TestStores;

/** Runs the accountability contract on PostgreSQL when {@code CANDOR_TEST_PG_URL} is set. */
final class PostgresAccountabilityTest extends AccountabilityContract {
  @Override
  TestStores.Db db() {
    return TestStores.Db.POSTGRESQL;
  }
}
