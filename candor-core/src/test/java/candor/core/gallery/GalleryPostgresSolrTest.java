package candor.core.gallery;

import static candor.core.gallery.GalleryTestSupport.ingest;
import static candor.core.gallery.GalleryTestSupport.people;
import static candor.core.gallery.GalleryTestSupport.query;
import static candor.core.gallery.GalleryTestSupport.request;
import static candor.core.gallery.GalleryTestSupport.writePeople;
import static org.assertj.core.api.Assertions.assertThat;

import candor.core.audit.AuditEvent;
import candor.core.audit.ChainVerification;
import candor.core.model.Face;
import candor.core.model.Subject;
import candor.core.store.FaceChange;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import candor.index.solr.SolrTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

  /**
   * Two application nodes on one PostgreSQL schema and one Solr collection (and one data
   * directory, standing for shared storage): the first to open writes the index, the second
   * only writes the store; what it enrols and erases reaches the index through the writer, both
   * nodes' audit appends form one unbroken chain, and when the writer closes the second node
   * takes over.
   */
  @Test
  void two_nodes_serve_one_gallery_and_the_second_takes_over_the_index() throws Exception {
    writePeople(tmp.resolve("in"), false);
    Path data = tmp.resolve("data");
    Gallery writer = Gallery.open(config(data));
    try (Gallery follower = Gallery.open(config(data))) {
      assertThat(writer.indexWriter()).isTrue();
      assertThat(follower.indexWriter()).isFalse();

      ingest(follower, request("people", true), false, tmp.resolve("in"));
      assertThat(follower.store().gallery().faceCount()).isEqualTo(6);
      awaitUntil("the writer indexes what the other node stored",
          () -> writer.indexStats().count() == 6);
      for (GalleryTestSupport.Person p : people()) {
        assertFoundFirst(writer, p);
        awaitUntil(p.name() + " found through the other node", () -> found(follower, p));
      }

      // Erasing through the node that does not write waits for the writer to purge the index.
      GalleryTestSupport.Person victim = people().getFirst();
      Subject subject = subject(follower, victim.name());
      ErasureResult receipt = new ErasureService(follower).eraseSubject("dpo", subject.id());
      assertThat(receipt.facesErased()).isEqualTo(1);
      assertThat(writer.indexStats().count()).isEqualTo(5);
      assertThat(writer.indexStats().deletedOnDisk()).as("expunged").isZero();
      assertNotFound(follower, victim, subject);
      assertNotFound(writer, victim, subject);

      // Both nodes append to one audit chain at once.
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> appends = new ArrayList<>();
        for (Gallery node : List.of(writer, follower)) {
          appends.add(threads.submit(() -> {
            for (int i = 0; i < 50; i++) {
              node.store().audit().append(AuditEvent.of("tester", "test.append", "node"));
            }
          }));
        }
        for (Future<?> append : appends) {
          append.get();
        }
      } finally {
        threads.shutdown();
      }
      ChainVerification chain = follower.store().audit().verify();
      assertThat(chain.problem()).isEmpty();
      assertThat(chain.entriesChecked()).isGreaterThanOrEqualTo(100);

      // The writer stops; the other node takes the index over and applies its own erasures.
      writer.close();
      awaitUntil("the other node becomes the writer", follower::indexWriter);
      GalleryTestSupport.Person second = people().get(1);
      Subject secondSubject = subject(follower, second.name());
      new ErasureService(follower).eraseSubject("dpo", secondSubject.id());
      assertThat(follower.indexStats().count()).isEqualTo(4);
      assertNotFound(follower, second, secondSubject);
      assertFoundFirst(follower, people().get(2));
    } finally {
      writer.close();
    }
  }

  /**
   * An application node (a child JVM, the index's writer) is killed with SIGKILL in the middle of
   * an ingest. Its ZooKeeper session outlives it for a while, so the node opened next starts as a
   * searcher, takes the writer lock over once the session expires, and replays the store's
   * changes: every face the dead node committed to the store is then in the index, and nothing
   * else. The ingest re-run on another node finishes the job.
   */
  @Test
  void an_app_node_killed_mid_ingest_loses_nothing_and_another_node_takes_over() throws Exception {
    long seed = GalleryTestSupport.seed();
    int images = 12;
    Path input = tmp.resolve("input");
    List<GalleryTestSupport.Person> people = people();
    for (int i = 0; i < images; i++) {
      GalleryTestSupport.Person p = people.get(i % people.size());
      byte[] jpeg = GalleryTestSupport.jpeg(
          GalleryTestSupport.speckled(GalleryTestSupport.decode(p.enrol()), seed + i), 0.92f);
      GalleryTestSupport.write(
          input.resolve(p.name()).resolve(String.format("img_%02d.jpg", i)), jpeg);
    }
    Path data = tmp.resolve("data");
    String classPath = CrashSafetyTest.snapshotClassPath(tmp.resolve("classpath"));
    List<String> args = List.of(data.toString(), input.toString(), "2", schema.url(),
        CLUSTER.zkHost(), CLUSTER.zkChroot(), collection);

    Path firstLog = tmp.resolve("node-1.log");
    Process node = CrashSafetyTest.startIngestChild(classPath, firstLog, args);
    BlockingQueue<String> lines = CrashSafetyTest.lines(node);
    String line;
    do {
      line = lines.poll(180, TimeUnit.SECONDS);
      assertThat(line).as("node output; its log:%n%s", Files.readString(firstLog)).isNotNull();
    } while (line.equals("DONE 4") == false && line.startsWith("FINISHED") == false);
    node.destroyForcibly();
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (Gallery survivor = Gallery.open(config(data))) {
      awaitUntil("the surviving node takes the index over", survivor::indexWriter);
      long stored = survivor.store().gallery().faceCount();
      assertThat(stored).as("faces the killed node committed").isGreaterThanOrEqualTo(4);
      awaitUntil("the index catches up with the store",
          () -> survivor.indexCommittedSequence() == survivor.store().gallery().maxSequence());
      assertThat(survivor.indexStats().count()).isEqualTo(stored);
      for (FaceChange change : survivor.store().gallery().changesSince(0, 1_000)) {
        Face face = ((FaceChange.Added) change).face();
        List<SearchHit> hits = survivor.search(new SearchRequest(face.template(), 1,
            Set.of(face.collection()), face.modelId()));
        assertThat(hits).as("face %d", face.id()).isNotEmpty();
        assertThat(hits.getFirst().id()).as("face %d", face.id()).isEqualTo(face.id());
      }

      // Re-running the ingest on another node (a searcher now) finishes it through the writer.
      Path secondLog = tmp.resolve("node-2.log");
      Process rerun = CrashSafetyTest.startIngestChild(classPath, secondLog, args);
      CrashSafetyTest.lines(rerun);
      assertThat(rerun.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(rerun.exitValue()).as(Files.readString(secondLog)).isZero();
      assertThat(survivor.store().gallery().faceCount()).isEqualTo(images);
      awaitUntil("the writer indexes the rest", () -> survivor.indexStats().count() == images);
      assertThat(survivor.store().audit().verify().isIntact()).isTrue();
    }
  }

  private static boolean found(Gallery gallery, GalleryTestSupport.Person p) {
    SearchResult result = new SearchService(gallery, GalleryTestSupport.pipeline(),
        GalleryTestSupport.loader()).search(query(p.probe(), 3, "people"));
    return result.candidates().isEmpty() == false
        && result.candidates().getFirst().subject().externalRef().equals(p.name());
  }

  private static void awaitUntil(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (condition.getAsBoolean() == false) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  @Override
  GalleryConfig config(Path dataDir) {
    return GalleryConfig.defaults(dataDir).withPostgresql(schema.url())
        .withSolr(CLUSTER.config(collection, 2, 2));
  }
}
