package candor.core.gallery;

import candor.index.solr.SolrTestCluster;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gallery contract on PostgreSQL (its own schema per test) and a real two-node SolrCloud
 * (forked by {@link SolrTestCluster}; its own collection of 2 shards x 2 replicas per test);
 * skipped unless {@code CANDOR_TEST_PG_URL} is set.
 */
// A class-level condition, so that no cluster is forked only to skip every test.
@EnabledIf(value = "candor.core.gallery.PostgresSchema#configured",
    disabledReason = "CANDOR_TEST_PG_URL is not set: skipping the PostgreSQL + SolrCloud variant"
        + " (set it to jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres)")
final class GalleryPostgresSolrTest extends GalleryBackendContract {

  @RegisterExtension static final SolrTestCluster CLUSTER = new SolrTestCluster(2);

  private static final AtomicInteger COLLECTIONS = new AtomicInteger();

  private PostgresSchema schema;
  private String collection;

  @BeforeEach
  void createSchema() throws Exception {
    schema = PostgresSchema.create();
    collection = "gallery_" + COLLECTIONS.incrementAndGet();
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      schema.close();
    }
  }

  @Override
  GalleryConfig config(Path dataDir) {
    return GalleryConfig.defaults(dataDir).withPostgresql(schema.url())
        .withSolr(CLUSTER.config(collection, 2, 2));
  }
}
