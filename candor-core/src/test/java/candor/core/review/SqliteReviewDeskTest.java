package candor.core.review;

import candor.core.access.TestStores;

/** Runs the review desk contract on SQLite. */
final class SqliteReviewDeskTest extends ReviewDeskContract {
  @Override
  TestStores.Db db() {
    return TestStores.Db.SQLITE;
  }
}
