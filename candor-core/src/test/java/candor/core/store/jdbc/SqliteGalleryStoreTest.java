package candor.core.store.jdbc;

/** Runs the gallery store contract on SQLite. */
final class SqliteGalleryStoreTest extends GalleryStoreContract {

  @Override
  Vendor vendor() {
    return Vendor.SQLITE;
  }
}
