package candor.index.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import candor.index.IndexConfig;
import candor.index.IndexStorageException;
import candor.index.IndexedVector;
import candor.index.Quantization;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import candor.index.TestVectors;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.ZkClientClusterStateProvider;
import org.apache.solr.client.solrj.request.LukeRequest;
import org.apache.solr.common.cloud.SolrZkClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the contract cannot show: {@link SolrVectorIndex} on a cluster whose nodes fail, and
 * erasure checked on the nodes' own files. Two nodes; collections of two shards with two replicas
 * each, so every shard has a copy on each node.
 */
class SolrVectorIndexTest {

  @RegisterExtension static final SolrTestCluster CLUSTER = new SolrTestCluster(2);

  private static final int DIM = 32;
  private static final String MODEL = "model-a";
  private static final IndexConfig CONFIG = IndexConfig.defaults().withDimension(DIM);

  private Random random;

  @BeforeEach
  void seedRandom(TestInfo info) {
    random = new Random(TestVectors.seed(getClass().getSimpleName() + "." + info.getDisplayName()));
  }

  @Test
  void ingest_goes_on_and_loses_nothing_when_a_node_stops_mid_ingest() throws Exception {
    SolrIndexConfig solr = CLUSTER.config("node_failure", 2, 2).withBatchSize(50);
    List<IndexedVector> all = new ArrayList<>();
    try (SolrVectorIndex index = SolrVectorIndex.open(solr, CONFIG)) {
      CompletableFuture<Void> stop = null;
      for (int batch = 0; batch < 12; batch++) {
        List<IndexedVector> vectors = vectors(100, batch * 1_000L + 1, "c");
        index.add(vectors);
        all.addAll(vectors);
        if (batch == 3) {
          // Stop node 1 while the ingest goes on: commits meet a shard leader going away.
          stop = CompletableFuture.runAsync(() -> CLUSTER.stopNode(1));
        }
        index.commit(batch);
      }
      stop.get();

      assertThat(index.committedSequence()).isEqualTo(11);
      assertThat(index.stats().count()).isEqualTo(all.size());
      assertFindable(index, all);
    } finally {
      CLUSTER.startNode(1);
    }
    CLUSTER.awaitActive(solr.collection());
    try (SolrVectorIndex reopened = SolrVectorIndex.open(solr, CONFIG)) {
      assertThat(reopened.committedSequence()).isEqualTo(11);
      assertThat(reopened.stats().count()).isEqualTo(all.size());
      assertFindable(reopened, all);
    }
  }

  @Test
  void an_unreachable_cluster_throws_and_replay_after_restart_restores_everything()
      throws Exception {
    SolrIndexConfig solr = CLUSTER.config("unreachable", 2, 1)
        .withRetryTimeout(Duration.ofSeconds(2));
    List<IndexedVector> committed = vectors(100, 1, "c");
    List<IndexedVector> late = vectors(50, 1_001, "c");
    SolrVectorIndex index = SolrVectorIndex.open(solr, CONFIG);
    try {
      index.add(committed);
      index.commit(10);
      index.add(late);

      CLUSTER.stopNode(0);
      CLUSTER.stopNode(1);
      try {
        assertThatThrownBy(() -> index.commit(20))
            .isInstanceOf(IndexStorageException.class)
            .hasMessageStartingWith("commit failed for the index in " + solr.location() + ": ");
        assertThatThrownBy(() -> index.search(SearchRequest.allCollections(
                late.getFirst().vector(), 1, MODEL)))
            .isInstanceOf(IndexStorageException.class)
            .hasMessageStartingWith("search failed for the index in " + solr.location() + ": ");
        assertThat(index.committedSequence()).isEqualTo(10);
      } finally {
        // A crash of the caller at this point: what was not committed is gone.
        index.close();
        CLUSTER.startNode(0);
        CLUSTER.startNode(1);
      }
    } finally {
      index.close();
    }
    CLUSTER.awaitActive(solr.collection());

    try (SolrVectorIndex reopened = SolrVectorIndex.open(solr, CONFIG)) {
      assertThat(reopened.committedSequence()).isEqualTo(10);
      assertThat(reopened.stats().count()).isEqualTo(100);
      // The caller replays the changes after sequence 10.
      reopened.add(late);
      reopened.commit(20);
      List<IndexedVector> all = new ArrayList<>(committed);
      all.addAll(late);
      assertThat(reopened.stats().count()).isEqualTo(150);
      assertFindable(reopened, all);
    }
  }

  @Test
  void expunge_deletes_leaves_no_bytes_of_an_erased_template_on_any_node() throws IOException {
    SolrIndexConfig solr = CLUSTER.config("erasure", 2, 2);
    try (SolrVectorIndex index = SolrVectorIndex.open(solr, CONFIG)) {
      List<IndexedVector> vectors = new ArrayList<>(vectors(60, 1, "c"));
      // An id whose eight bytes are all non-zero, so finding it by chance is unlikely.
      long secretId = random.nextLong() & Long.MAX_VALUE | 0x0101_0101_0101_0101L;
      IndexedVector secret = new IndexedVector(secretId, TestVectors.unit(random, DIM), "c", MODEL);
      vectors.add(secret);
      index.add(vectors);
      index.commit(1);
      // The scan must see the template (float32 doc values) and its int8 copy (the graph's
      // vectors) on every replica of their shard, or their silence below proves nothing there.
      byte[] int8Copy = TemplateLayout.forConfig(CONFIG).int8Copy(secret.vector());
      assertThat(replicasHolding(solr.collection(),
          TestVectors.floatBytes(secret.vector(), ByteOrder.LITTLE_ENDIAN)))
          .as("replicas holding the template before erasure").hasSize(solr.replicas());
      assertThat(replicasHolding(solr.collection(), int8Copy))
          .as("replicas holding the int8 copy before erasure").hasSize(solr.replicas());

      index.delete(List.of(secretId));
      assertThat(index.stats().deletedOnDisk()).isEqualTo(1);
      index.expungeDeletes();

      assertThat(index.stats().deletedOnDisk()).isZero();
      assertThat(index.stats().count()).isEqualTo(60);
      assertThat(index.committedSequence()).isEqualTo(1);
      for (byte[] needle : TestVectors.erasedBytes(secret)) {
        assertThat(filesContaining(solr.collection(), needle))
            .as("files holding erased bytes").isEmpty();
      }
      assertThat(filesContaining(solr.collection(), int8Copy))
          .as("files holding the erased int8 copy").isEmpty();
      assertThat(index.search(SearchRequest.allCollections(secret.vector(), 61, MODEL)))
          .extracting(SearchHit::id).doesNotContain(secretId).hasSize(60);
    }
  }

  @Test
  void erasing_a_whole_collection_leaves_none_of_its_templates_on_any_node() throws IOException {
    SolrIndexConfig solr = CLUSTER.config("collection_erasure", 2, 2);
    TemplateLayout layout = TemplateLayout.forConfig(CONFIG);
    try (SolrVectorIndex index = SolrVectorIndex.open(solr, CONFIG)) {
      List<IndexedVector> kept = vectors(30, 1, "c");
      List<IndexedVector> erased = vectors(10, 101, "d");
      index.add(kept);
      index.add(erased);
      index.commit(1);
      assertThat(replicasHolding(solr.collection(), layout.int8Copy(erased.getFirst().vector())))
          .as("replicas holding an int8 copy before erasure").hasSize(solr.replicas());

      index.delete(erased.stream().map(IndexedVector::id).toList());
      index.expungeDeletes();

      for (IndexedVector vector : erased) {
        assertThat(filesContaining(solr.collection(),
            TestVectors.floatBytes(vector.vector(), ByteOrder.LITTLE_ENDIAN)))
            .as("files holding erased template %d", vector.id()).isEmpty();
        assertThat(filesContaining(solr.collection(), layout.int8Copy(vector.vector())))
            .as("files holding the int8 copy of erased template %d", vector.id()).isEmpty();
      }
      assertThat(index.search(new SearchRequest(erased.getFirst().vector(), 5, Set.of("d"),
          MODEL))).isEmpty();
      assertThat(index.search(SearchRequest.allCollections(erased.getFirst().vector(), 40, MODEL)))
          .extracting(SearchHit::collection).containsOnly("c").hasSize(30);
      assertFindable(index, kept);
    }
  }

  @Test
  void recording_the_sequence_leaves_no_deleted_documents() {
    SolrIndexConfig solr = CLUSTER.config("sequence", 2, 1);
    try (SolrVectorIndex index = SolrVectorIndex.open(solr, CONFIG)) {
      index.add(vectors(10, 1, "c"));
      for (long sequence = 1; sequence <= 5; sequence++) {
        index.commit(sequence);
      }
      // The sequence is updated in place; a rewritten metadata document would count here.
      assertThat(index.stats().deletedOnDisk()).isZero();
      assertThat(index.stats().count()).isEqualTo(10);
      assertThat(index.committedSequence()).isEqualTo(5);
    }
  }

  @Test
  void a_second_instance_searches_only_until_the_writer_closes_then_takes_over() {
    SolrIndexConfig solr = CLUSTER.config("two_nodes", 2, 1);
    List<IndexedVector> first = vectors(20, 1, "c");
    SolrVectorIndex writer = SolrVectorIndex.open(solr, CONFIG);
    try (SolrVectorIndex searcher = SolrVectorIndex.open(solr, CONFIG)) {
      try {
        assertThat(writer.writable()).isTrue();
        assertThat(searcher.shared()).isTrue();
        assertThat(searcher.writable()).isFalse();
        assertThat(searcher.committedSequence()).isEqualTo(-1);
        assertThat(searcher.tryBecomeWriter()).as("the writer holds the lock").isFalse();
        assertThatThrownBy(() -> searcher.add(first))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("another node is the collection's writer");
        assertThatThrownBy(() -> searcher.commit(1)).isInstanceOf(IllegalStateException.class);

        // What the writer commits, the searcher sees, sequence included.
        writer.add(first);
        writer.commit(20);
        assertFindable(searcher, first);
        assertThat(searcher.committedSequence()).isEqualTo(20);
      } finally {
        writer.close();
      }

      // The writer has gone: the searcher takes over where it left off.
      assertThat(searcher.tryBecomeWriter()).isTrue();
      assertThat(searcher.writable()).isTrue();
      assertThat(searcher.committedSequence()).isEqualTo(20);
      List<IndexedVector> more = vectors(5, 21, "c");
      searcher.add(more);
      searcher.commit(25);
      assertThat(searcher.stats().count()).isEqualTo(25);
      assertFindable(searcher, more);
    }
    try (SolrVectorIndex reopened = SolrVectorIndex.open(solr, CONFIG)) {
      assertThat(reopened.writable()).as("closing released the lock").isTrue();
      assertThat(reopened.committedSequence()).isEqualTo(25);
    }
  }

  @Test
  void each_collection_of_each_model_has_its_own_graph_field() throws Exception {
    SolrIndexConfig solr = CLUSTER.config("partitions", 2, 1);
    try (SolrVectorIndex index = SolrVectorIndex.open(solr, CONFIG)) {
      index.add(vectors(20, 1, "c"));
      index.add(vectors(20, 101, "d"));
      // Twenty of each, so that every shard holds some of each partition: Luke answers for the
      // one core it reaches.
      index.add(vectors(20, 201, "c").stream()
          .map(v -> new IndexedVector(v.id(), v.vector(), v.collection(), "model-b")).toList());
      index.commit(1);
    }
    try (CloudSolrClient client = client()) {
      LukeRequest luke = new LukeRequest();
      luke.setNumTerms(0);
      Set<String> graphs = new TreeSet<>(luke.process(client, solr.collection()).getFieldInfo()
          .keySet().stream().filter(f -> f.startsWith("g_")).toList());
      // g_ + hex("model-a") + _ + hex("c"), and so on.
      assertThat(graphs).containsExactly(
          "g_6d6f64656c2d61_63", "g_6d6f64656c2d61_64", "g_6d6f64656c2d62_63");
    }
  }

  @Test
  void float32_graphs_score_exactly_and_the_recorded_layout_outlives_the_settings()
      throws Exception {
    SolrIndexConfig solr = CLUSTER.config("float_graphs", 2, 1);
    List<IndexedVector> stored = vectors(30, 1, "c");
    try (SolrVectorIndex index = SolrVectorIndex.open(solr,
        CONFIG.withQuantization(Quantization.FLOAT32))) {
      index.add(stored);
      index.commit(1);
    }
    // Reopened with the default int8 settings: the collection keeps the float32 graphs it was
    // created with, and its templates, written without int8 copies, are still found.
    try (SolrVectorIndex index = SolrVectorIndex.open(solr, CONFIG)) {
      float[] probe = TestVectors.unit(random, DIM);
      List<SearchHit> hits = index.search(new SearchRequest(probe, 5, Set.of("c"), MODEL));
      assertThat(hits).hasSize(5);
      for (SearchHit hit : hits) {
        float[] template = stored.get((int) hit.id() - 1).vector();
        assertThat(hit.score()).isCloseTo(TemplateSearcher.exactCosine(probe, template),
            within(1e-6f));
      }
      assertFindable(index, stored);
    }
    try (CloudSolrClient client = client()) {
      byte[] layout = zk(client).getData("/configs/candor-float_graphs/"
          + ConfigSet.LAYOUT_FILE, null, null, true);
      assertThat(new String(layout, StandardCharsets.UTF_8)).contains("graph=float32");
    }
  }

  @Test
  void a_collection_without_a_recorded_layout_is_refused_with_a_rebuild_hint() throws Exception {
    SolrIndexConfig solr = CLUSTER.config("old_layout", 2, 1);
    SolrVectorIndex.open(solr, CONFIG).close();
    try (CloudSolrClient client = client()) {
      // What a collection made by an earlier Candor, one graph for every template, looks like.
      zk(client).delete("/configs/candor-old_layout/" + ConfigSet.LAYOUT_FILE, -1, true);
    }
    assertThatThrownBy(() -> SolrVectorIndex.open(solr, CONFIG))
        .isInstanceOf(IndexStorageException.class)
        .hasMessage("open failed for the index in " + solr.location() + ": the collection holds"
            + " templates in one graph, the layout of earlier Candor versions; rebuild the index"
            + " into a new collection (candor index rebuild --index solr --solr-collection NEW"
            + " ...)");
  }

  private static CloudSolrClient client() {
    return new CloudHttp2SolrClient.Builder(List.of(CLUSTER.zkHost()),
        Optional.of(CLUSTER.zkChroot())).build();
  }

  private static SolrZkClient zk(CloudSolrClient client) {
    client.connect();
    return ZkClientClusterStateProvider.from(client).getZkStateReader().getZkClient();
  }

  private List<IndexedVector> vectors(int count, long firstId, String collection) {
    List<IndexedVector> vectors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      vectors.add(new IndexedVector(firstId + i, TestVectors.unit(random, DIM), collection, MODEL));
    }
    return vectors;
  }

  /**
   * Sampled templates find themselves first: stored, searchable, with their own vector. (The
   * count, checked beside it, shows that none is missing; a search per template would be slow.)
   */
  private void assertFindable(SolrVectorIndex index, List<IndexedVector> vectors) {
    for (int i = 0; i < 40; i++) {
      IndexedVector vector = vectors.get(random.nextInt(vectors.size()));
      List<SearchHit> hits = index.search(new SearchRequest(vector.vector(), 1, Set.of("c"), MODEL));
      assertThat(hits).extracting(SearchHit::id).as("hit for %d", vector.id())
          .containsExactly(vector.id());
    }
  }

  /** The files of the collection's cores, on every node, that contain {@code needle}. */
  /** The cores ({@code COLLECTION_shardN_replica_nM} folders) with a file holding the needle. */
  private static Set<String> replicasHolding(String collection, byte[] needle) throws IOException {
    Set<String> replicas = new TreeSet<>();
    for (Path file : filesContaining(collection, needle)) {
      for (Path part : file) {
        if (part.toString().startsWith(collection + "_shard")) {
          replicas.add(part.toString());
        }
      }
    }
    return replicas;
  }

  private static Set<Path> filesContaining(String collection, byte[] needle) throws IOException {
    Set<Path> found = new TreeSet<>();
    Path root = CLUSTER.clusterDir();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile)
          .filter(f -> root.relativize(f).toString().contains(collection + "_shard")).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(file);
        } catch (IOException e) {
          continue; // removed by a merge while we walked
        }
        if (TestVectors.indexOf(bytes, needle) >= 0) {
          found.add(root.relativize(file));
        }
      }
    }
    return found;
  }
}
