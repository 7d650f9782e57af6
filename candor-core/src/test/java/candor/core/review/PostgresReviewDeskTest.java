package candor.core.review;

import candor.core.access.TestStores;

/** Runs the review desk contract on PostgreSQL when {@code CANDOR_TEST_PG_URL} is set. */
final class PostgresReviewDeskTest extends ReviewDeskContract {
  @Override
  TestStores.Db db() {
    return TestStores.Db.POSTGRESQL;
  }
}
