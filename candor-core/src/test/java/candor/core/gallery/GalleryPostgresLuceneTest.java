package candor.core.gallery;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The gallery contract on PostgreSQL (its own schema per test) with the embedded Lucene index;
 * skipped unless {@code CANDOR_TEST_PG_URL} is set.
 */
final class GalleryPostgresLuceneTest extends GalleryBackendContract {

  private PostgresSchema schema;

  @BeforeEach
  void createSchema() throws Exception {
    schema = PostgresSchema.create();
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      schema.close();
    }
  }

  @Override
  GalleryConfig config(Path dataDir) {
    return GalleryConfig.defaults(dataDir).withPostgresql(schema.url());
  }
}
