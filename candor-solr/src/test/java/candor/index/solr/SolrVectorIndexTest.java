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
import candor.index.subspace.LowRankVectors;
import candor.index.subspace.Subspace;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.solr.client.solrj.SolrQuery;
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
  private static final int LOW_RANK_DIM = 64;
  private static final IndexConfig LOW_RANK_CONFIG =
      IndexConfig.defaults().withDimension(LOW_RANK_DIM);

  private Random random;

  @BeforeEach
  void seedRandom(TestInfo info) {
    random = new Random(TestVectors.seed(getClass().getSimpleName() + "." + info.getDisplayName()));
  }

  @Test
  void ingest_goes_on_and_loses_nothing_when_a_node_stops_mid_ingest() throws Exception {
    SolrIndexConfig solr = CLUSTER.config("node_failure", 2, 2).withBatchSize(50);
    // Templates of low rank, as real ones are, and more than the sample a basis needs: the
    // commit that fits the model's basis (and the later ones, into reduced graphs) meets the
    // node going away too.
    List<float[]> lowRank = LowRankVectors.of(random, LOW_RANK_DIM, 12, 3_000).vectors();
    List<IndexedVector> all = new ArrayList<>();
    try (SolrVectorIndex index = SolrVectorIndex.open(solr, LOW_RANK_CONFIG)) {
      CompletableFuture<Void> stop = null;
      for (int batch = 0; batch < 12; batch++) {
        List<IndexedVector> vectors = lowRank(lowRank, batch * 250, (batch + 1) * 250, "c");
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
      assertThat(index.basis(MODEL)).as("the basis fitted at 2,048 templates").isNotNull();
      assertFindable(index, all);
    } finally {
      CLUSTER.startNode(1);
    }
    CLUSTER.awaitActive(solr.collection());
    try (SolrVectorIndex reopened = SolrVectorIndex.open(solr, LOW_RANK_CONFIG)) {
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

  @Test
  void a_model_past_the_sample_size_gets_a_basis_and_its_later_templates_walk_reduced_graphs()
      throws Exception {
    SolrIndexConfig solr = CLUSTER.config("reduced", 2, 2).withBatchSize(400);
    // Templates that vary in 12 directions of 64, as real ones vary in about 160 of 512.
    List<float[]> lowRank = LowRankVectors.of(random, LOW_RANK_DIM, 12, 2_600).vectors();
    List<IndexedVector> early = new ArrayList<>(lowRank(lowRank, 0, 600, "c"));
    List<IndexedVector> late = new ArrayList<>(lowRank(lowRank, 600, 2_400, "c"));
    late.addAll(lowRank(lowRank, 2_400, 2_600, "d"));
    // Ids whose eight bytes are all non-zero, so finding them by chance is unlikely.
    IndexedVector fullSecret = withSecretId(early, 17);
    IndexedVector reducedSecret = withSecretId(late, 250);
    List<IndexedVector> all = new ArrayList<>(early);
    all.addAll(late);
    try (SolrVectorIndex writer = SolrVectorIndex.open(solr, LOW_RANK_CONFIG);
        SolrVectorIndex other = SolrVectorIndex.open(solr, LOW_RANK_CONFIG)) {
      writer.add(early);
      writer.commit(1);
      assertThat(writer.basis(MODEL)).as("no basis below %d templates", Subspace.MIN_SAMPLE)
          .isNull();
      // Another application node searches before the basis exists, and learns of it later.
      assertThat(other.writable()).isFalse();
      assertThat(other.search(new SearchRequest(fullSecret.vector(), 1, Set.of("c"), MODEL)))
          .extracting(SearchHit::id).containsExactly(fullSecret.id());
      writer.add(late);
      writer.commit(2);

      // The commit that reached 2,048 templates fitted the basis first: all its templates are in
      // the reduced fields, the 600 before stay in the full-size field of "c".
      ModelBasis basis = writer.basis(MODEL);
      assertThat(basis).isNotNull();
      assertThat(basis.dimension()).isEqualTo(16);
      assertThat(basis.fullCollections()).containsExactly("c");
      assertThat(count(solr, GraphFields.name(MODEL, "c"))).isEqualTo(600);
      assertThat(count(solr, GraphFields.reducedName(16, MODEL, "c"))).isEqualTo(1_800);
      assertThat(count(solr, GraphFields.reducedName(16, MODEL, "d"))).isEqualTo(200);
      assertThat(count(solr, GraphFields.name(MODEL, "d"))).isZero();

      // Both fields of "c" are walked and rescored exactly: the same hits as the exact scan.
      for (int i = 0; i < 30; i++) {
        float[] probe = TestVectors.near(random, all.get(random.nextInt(all.size())).vector(),
            0.05);
        assertThat(writer.search(new SearchRequest(probe, 10, Set.of("c"), MODEL)))
            .extracting(SearchHit::id).as("probe %d in c", i)
            .containsExactlyElementsOf(TestVectors.exactTopIds(all, probe, 10,
                v -> v.collection().equals("c")));
        assertThat(writer.search(SearchRequest.allCollections(probe, 10, MODEL)))
            .extracting(SearchHit::id).as("probe %d in every collection", i)
            .containsExactlyElementsOf(TestVectors.exactTopIds(all, probe, 10, v -> true));
      }

      // The other node reads the basis from ZooKeeper and projects as the writer does.
      ModelBasis read = other.basis(MODEL);
      assertThat(read).isNotSameAs(basis);
      assertThat(read.int8Scale()).isEqualTo(basis.int8Scale());
      for (IndexedVector vector : List.of(fullSecret, reducedSecret, late.getLast())) {
        assertThat(read.int8Copy(vector.vector())).containsExactly(
            basis.int8Copy(vector.vector()));
        assertThat(other.search(new SearchRequest(vector.vector(), 10, Set.of(), MODEL)))
            .isEqualTo(writer.search(new SearchRequest(vector.vector(), 10, Set.of(), MODEL)));
      }

      // Erasure leaves neither the float32 template nor the graph copy, full or projected.
      byte[] fullCopy = TemplateLayout.forConfig(LOW_RANK_CONFIG).int8Copy(fullSecret.vector());
      byte[] projectedCopy = basis.int8Copy(reducedSecret.vector());
      assertThat(replicasHolding(solr.collection(), fullCopy))
          .as("replicas holding the full int8 copy before erasure").hasSize(solr.replicas());
      assertThat(replicasHolding(solr.collection(), projectedCopy))
          .as("replicas holding the projected copy before erasure").hasSize(solr.replicas());
      writer.delete(List.of(fullSecret.id(), reducedSecret.id()));
      writer.commit(3);
      writer.expungeDeletes();
      for (IndexedVector secret : List.of(fullSecret, reducedSecret)) {
        for (byte[] needle : TestVectors.erasedBytes(secret)) {
          assertThat(filesContaining(solr.collection(), needle))
              .as("files holding erased bytes of %d", secret.id()).isEmpty();
        }
      }
      assertThat(filesContaining(solr.collection(), fullCopy))
          .as("files holding the erased full int8 copy").isEmpty();
      assertThat(filesContaining(solr.collection(), projectedCopy))
          .as("files holding the erased projected copy").isEmpty();
      assertThat(writer.search(new SearchRequest(reducedSecret.vector(), 1, Set.of("c"), MODEL)))
          .extracting(SearchHit::id).doesNotContain(reducedSecret.id());
    }

    // A rebuild in place (emptied, then filled in one commit) keeps the basis and puts every
    // template in the reduced fields.
    try (SolrVectorIndex writer = SolrVectorIndex.open(solr, LOW_RANK_CONFIG)) {
      writer.deleteAll();
      writer.add(all);
      writer.commit(4);
      assertThat(count(solr, GraphFields.name(MODEL, "c"))).isZero();
      assertThat(count(solr, GraphFields.reducedName(16, MODEL, "c"))).isEqualTo(2_400);
      assertFindable(writer, early);
    }
  }

  @Test
  void a_bulk_load_puts_every_template_in_reduced_graphs_and_isotropic_ones_stay_full()
      throws Exception {
    SolrIndexConfig solr = CLUSTER.config("bulk", 2, 1).withBatchSize(500);
    List<float[]> lowRank = LowRankVectors.of(random, LOW_RANK_DIM, 12, 2_100).vectors();
    List<IndexedVector> isotropic = new ArrayList<>();
    for (int i = 0; i < 2_100; i++) {
      isotropic.add(new IndexedVector(10_001 + i, TestVectors.unit(random, LOW_RANK_DIM), "c",
          "model-b"));
    }
    try (SolrVectorIndex index = SolrVectorIndex.open(solr, LOW_RANK_CONFIG)) {
      index.add(lowRank(lowRank, 0, 2_100, "c"));
      index.add(isotropic);
      index.commit(1);
      assertThat(index.basis(MODEL).fullCollections()).isEmpty();
      assertThat(count(solr, GraphFields.reducedName(16, MODEL, "c"))).isEqualTo(2_100);
      assertThat(count(solr, GraphFields.name(MODEL, "c"))).isZero();
      // Templates spread over every dimension do not reduce: recorded once, they stay full.
      assertThat(index.basis("model-b")).isNull();
      assertThat(count(solr, GraphFields.name("model-b", "c"))).isEqualTo(2_100);
      for (IndexedVector vector : isotropic.subList(0, 20)) {
        assertThat(index.search(new SearchRequest(vector.vector(), 1, Set.of("c"), "model-b")))
            .extracting(SearchHit::id).containsExactly(vector.id());
      }
    }
    try (CloudSolrClient client = client()) {
      assertThat(zk(client).getData("/configs/candor-bulk/candor-basis-"
          + HexFormat.of().formatHex("model-b".getBytes(StandardCharsets.UTF_8)),
          null, null, true)).as("the recorded decision: no basis").isEmpty();
    }
  }

  @Test
  void a_collection_of_the_first_partitioned_layout_keeps_full_size_graphs() throws Exception {
    SolrIndexConfig solr = CLUSTER.config("first_layout", 2, 1);
    TemplateLayout layout = TemplateLayout.forConfig(LOW_RANK_CONFIG);
    SolrVectorIndex.open(solr, LOW_RANK_CONFIG).close();
    try (CloudSolrClient client = client()) {
      // The layout file a collection made before reduced graphs holds.
      zk(client).setData("/configs/candor-first_layout/" + ConfigSet.LAYOUT_FILE,
          ("format=partitioned-1\ngraph=int8\nint8.scale=" + layout.int8Scale() + "\n")
              .getBytes(StandardCharsets.UTF_8), true);
    }
    List<IndexedVector> vectors = lowRank(
        LowRankVectors.of(random, LOW_RANK_DIM, 12, 2_100).vectors(), 0, 2_100, "c");
    try (SolrVectorIndex index = SolrVectorIndex.open(solr, LOW_RANK_CONFIG)) {
      index.add(vectors);
      index.commit(1);
      assertThat(index.basis(MODEL)).isNull();
      assertThat(count(solr, GraphFields.name(MODEL, "c"))).isEqualTo(2_100);
      assertFindable(index, vectors);
    }
  }

  /**
   * Counts the committed templates with a vector in a graph field. Solr has no existence query
   * for vector fields; a knn query whose pre-filter keeps fewer documents than its topK is
   * answered by Lucene with an exact scan, which finds every vector of the field.
   */
  private static long count(SolrIndexConfig solr, String field) throws Exception {
    int dimension = field.startsWith(GraphFields.PREFIX) ? LOW_RANK_DIM
        : Integer.parseInt(field.substring(1, field.indexOf('_')));
    String ones = String.join(",", Collections.nCopies(dimension, "1"));
    try (CloudSolrClient client = client()) {
      SolrQuery q = new SolrQuery("{!knn f=" + field + " topK=1000000}[" + ones + "]");
      q.addFilterQuery("model:[* TO *]");
      q.setRows(0);
      return client.query(solr.collection(), q).getResults().getNumFound();
    }
  }

  /** Gives the vector at {@code index} a random id of eight non-zero bytes and returns it. */
  private IndexedVector withSecretId(List<IndexedVector> vectors, int index) {
    IndexedVector old = vectors.get(index);
    IndexedVector secret = new IndexedVector(random.nextLong() & Long.MAX_VALUE
        | 0x0101_0101_0101_0101L, old.vector(), old.collection(), old.modelId());
    vectors.set(index, secret);
    return secret;
  }

  private static List<IndexedVector> lowRank(List<float[]> vectors, int from, int to,
      String collection) {
    List<IndexedVector> indexed = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      indexed.add(new IndexedVector(i + 1, vectors.get(i), collection, MODEL));
    }
    return indexed;
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
