package candor.core.store.jdbc;

import candor.core.model.CollectionInfo;
import candor.core.store.GalleryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of the store's contract tests: each test gets a fresh, migrated database of the
 * subclass's vendor and an open store on it. Random inputs use a logged seed; set the system
 * property {@code candor.test.seed} to replay one.
 */
abstract class StoreTestCase {

  @TempDir Path dir;

  TestDatabase db;
  JdbcStore store;
  Fixtures fixtures;

  /** The database the subclass tests. */
  abstract Vendor vendor();

  @BeforeEach
  void openStore(TestInfo info) throws Exception {
    long seed = Long.getLong("candor.test.seed", System.nanoTime());
    System.out.println(info.getDisplayName() + " [" + vendor() + "] seed=" + seed);
    fixtures = new Fixtures(seed);
    db = TestDatabase.create(vendor(), dir);
    store = JdbcStore.open(db.config(), Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void closeStore() throws Exception {
    if (store != null) {
      store.close();
    }
    if (db != null) {
      db.close();
    }
  }

  GalleryStore gallery() {
    return store.gallery();
  }

  CollectionInfo createCollection(String name) {
    return gallery().createCollection(Fixtures.collection(name));
  }
}
