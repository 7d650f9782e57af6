package candor.core.store.jdbc;

/** Runs the gallery store contract on PostgreSQL when {@code CANDOR_TEST_PG_URL} is set. */
final class PostgresGalleryStoreTest extends GalleryStoreContract {

  @Override
  Vendor vendor() {
    return Vendor.POSTGRESQL;
  }
}
