package candor.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link VectorIndex} must show, in the manner of Lucene's {@code
 * BaseKnnVectorsFormatTestCase}: each implementation's test extends this class and says how to
 * open an index.
 *
 * <p>Inputs are random with a logged seed; rerun a failure with {@code -Dtests.seed=<seed>}.
 */
public abstract class VectorIndexContractTest {

  /** Small enough to keep tests fast, large enough for quantization and graphs to matter. */
  protected static final int DIM = 32;
  protected static final String MODEL = "model-a";

  @TempDir protected Path folder;
  protected Random random;
  private final List<VectorIndex> opened = new ArrayList<>();

  /**
   * Opens the implementation under test.
   *
   * @param folder the index folder
   * @param config the settings
   * @return an open index, closed by this class after the test
   */
  protected abstract VectorIndex openIndex(Path folder, IndexConfig config);

  @BeforeEach
  void seedRandom(TestInfo info) {
    random = new Random(TestVectors.seed(getClass().getSimpleName() + "." + info.getDisplayName()));
  }

  @AfterEach
  void closeIndexes() {
    opened.forEach(VectorIndex::close);
  }

  /** Opens an index with the test dimension and two indexing threads. */
  protected VectorIndex open() {
    return open(IndexConfig.defaults().withDimension(DIM).withIndexingThreads(2));
  }

  protected VectorIndex open(IndexConfig config) {
    VectorIndex index = openIndex(folder, config);
    opened.add(index);
    return index;
  }

  protected List<IndexedVector> randomVectors(int count, long firstId, String collection,
      String model) {
    List<IndexedVector> vectors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      vectors.add(new IndexedVector(firstId + i, TestVectors.unit(random, DIM), collection, model));
    }
    return vectors;
  }

  private static List<Long> ids(List<SearchHit> hits) {
    return hits.stream().map(SearchHit::id).toList();
  }

  private static SearchRequest request(float[] query, int k, String... collections) {
    return new SearchRequest(query, k, Set.of(collections), MODEL);
  }

  @Test
  void search_returns_the_exact_nearest_neighbours_on_a_small_set() {
    VectorIndex index = open();
    List<IndexedVector> vectors = randomVectors(300, 1, "c", MODEL);
    index.add(vectors);
    for (int q = 0; q < 20; q++) {
      float[] query = TestVectors.unit(random, DIM);
      List<SearchHit> hits = index.search(request(query, 10));
      assertThat(ids(hits)).isEqualTo(TestVectors.exactTopIds(vectors, query, 10, v -> true));
    }
  }

  @Test
  void hits_carry_the_exact_cosine_similarity_and_collection_best_first() {
    VectorIndex index = open();
    List<IndexedVector> vectors = new ArrayList<>(randomVectors(50, 1, "left", MODEL));
    vectors.addAll(randomVectors(50, 1001, "right", MODEL));
    index.add(vectors);
    float[] query = TestVectors.unit(random, DIM);
    List<SearchHit> hits = index.search(request(query, 20));
    assertThat(hits).hasSize(20);
    for (SearchHit hit : hits) {
      IndexedVector stored = vectors.stream().filter(v -> v.id() == hit.id()).findFirst().get();
      assertThat((double) hit.score()).isCloseTo(TestVectors.dot(stored.vector(), query),
          within(1e-5));
      assertThat(hit.collection()).isEqualTo(stored.collection());
    }
    assertThat(hits).isSortedAccordingTo((a, b) -> Float.compare(b.score(), a.score()));
  }

  @Test
  void a_stored_vector_finds_itself_first_with_score_one() {
    VectorIndex index = open();
    List<IndexedVector> vectors = randomVectors(200, 1, "c", MODEL);
    index.add(vectors);
    IndexedVector probe = vectors.get(random.nextInt(vectors.size()));
    SearchHit best = index.search(request(probe.vector(), 1)).getFirst();
    assertThat(best.id()).isEqualTo(probe.id());
    assertThat(best.score()).isCloseTo(1f, within(1e-5f));
  }

  @Test
  void search_only_returns_vectors_of_the_requested_collections() {
    VectorIndex index = open();
    List<IndexedVector> vectors = new ArrayList<>();
    vectors.addAll(randomVectors(100, 1, "a", MODEL));
    vectors.addAll(randomVectors(100, 1001, "b", MODEL));
    vectors.addAll(randomVectors(100, 2001, "c", MODEL));
    index.add(vectors);
    float[] query = TestVectors.unit(random, DIM);

    List<SearchHit> onlyB = index.search(request(query, 10, "b"));
    assertThat(onlyB).extracting(SearchHit::collection).containsOnly("b");
    assertThat(ids(onlyB)).isEqualTo(
        TestVectors.exactTopIds(vectors, query, 10, v -> v.collection().equals("b")));

    List<SearchHit> aOrC = index.search(request(query, 10, "a", "c"));
    assertThat(aOrC).extracting(SearchHit::collection).doesNotContain("b");
    assertThat(ids(aOrC)).isEqualTo(
        TestVectors.exactTopIds(vectors, query, 10, v -> v.collection().equals("b") == false));
  }

  @Test
  void search_covers_all_collections_when_none_are_named() {
    VectorIndex index = open();
    List<IndexedVector> vectors = new ArrayList<>();
    vectors.addAll(randomVectors(60, 1, "a", MODEL));
    vectors.addAll(randomVectors(60, 1001, "b", MODEL));
    index.add(vectors);
    float[] query = TestVectors.unit(random, DIM);
    List<SearchHit> hits = index.search(SearchRequest.allCollections(query, 120, MODEL));
    assertThat(hits).hasSize(120);
    assertThat(hits).extracting(SearchHit::collection).contains("a", "b");
  }

  @Test
  void search_never_mixes_templates_of_different_models() {
    VectorIndex index = open();
    List<IndexedVector> modelA = randomVectors(80, 1, "c", MODEL);
    List<IndexedVector> modelB = new ArrayList<>();
    for (IndexedVector v : modelA) {
      // The same vectors under another model: the best possible matches, yet never comparable.
      modelB.add(new IndexedVector(v.id() + 10_000, v.vector(), "c", "model-b"));
    }
    index.add(modelA);
    index.add(modelB);
    float[] query = modelA.getFirst().vector();
    assertThat(ids(index.search(request(query, 200)))).hasSize(80).allMatch(id -> id < 10_000);
    assertThat(ids(index.search(new SearchRequest(query, 200, Set.of(), "model-b"))))
        .hasSize(80).allMatch(id -> id > 10_000);
  }

  @Test
  void search_for_an_unknown_model_or_collection_returns_nothing() {
    VectorIndex index = open();
    index.add(randomVectors(20, 1, "c", MODEL));
    float[] query = TestVectors.unit(random, DIM);
    assertThat(index.search(new SearchRequest(query, 5, Set.of(), "other-model"))).isEmpty();
    assertThat(index.search(request(query, 5, "no-such-collection"))).isEmpty();
  }

  @Test
  void deleted_vectors_disappear_from_results() {
    VectorIndex index = open();
    List<IndexedVector> vectors = randomVectors(100, 1, "c", MODEL);
    index.add(vectors);
    float[] query = TestVectors.unit(random, DIM);
    List<Long> before = ids(index.search(request(query, 5)));

    index.delete(before.subList(0, 3));

    List<IndexedVector> remaining =
        vectors.stream().filter(v -> before.subList(0, 3).contains(v.id()) == false).toList();
    List<Long> after = ids(index.search(request(query, 5)));
    assertThat(after).doesNotContainAnyElementsOf(before.subList(0, 3));
    assertThat(after).isEqualTo(TestVectors.exactTopIds(remaining, query, 5, v -> true));
    assertThat(index.stats().count()).isEqualTo(97);
  }

  @Test
  void deleting_unknown_ids_is_ignored() {
    VectorIndex index = open();
    index.add(randomVectors(10, 1, "c", MODEL));
    index.delete(List.of(999L, 1000L));
    index.delete(List.of());
    assertThat(index.stats().count()).isEqualTo(10);
  }

  @Test
  void adding_an_existing_id_replaces_its_vector_and_collection() {
    VectorIndex index = open();
    List<IndexedVector> vectors = randomVectors(50, 1, "old", MODEL);
    index.add(vectors);
    float[] replacement = TestVectors.unit(random, DIM);
    index.add(List.of(new IndexedVector(7, replacement, "new", MODEL)));

    SearchHit best = index.search(request(replacement, 1)).getFirst();
    assertThat(best.id()).isEqualTo(7);
    assertThat(best.collection()).isEqualTo("new");
    assertThat(best.score()).isCloseTo(1f, within(1e-5f));
    assertThat(ids(index.search(request(vectors.get(6).vector(), 50, "old")))).doesNotContain(7L);
    assertThat(index.stats().count()).isEqualTo(50);
  }

  @Test
  void a_batch_with_a_repeated_id_keeps_the_last_entry() {
    VectorIndex index = open();
    List<IndexedVector> batch = new ArrayList<>(randomVectors(600, 1, "c", MODEL));
    float[] last = TestVectors.unit(random, DIM);
    batch.add(new IndexedVector(3, last, "c", MODEL));
    index.add(batch);
    assertThat(index.stats().count()).isEqualTo(600);
    SearchHit best = index.search(request(last, 1)).getFirst();
    assertThat(best.id()).isEqualTo(3);
    assertThat(best.score()).isCloseTo(1f, within(1e-5f));
  }

  @Test
  void a_new_index_is_empty_with_committed_sequence_minus_one() {
    VectorIndex index = open();
    assertThat(index.committedSequence()).isEqualTo(-1);
    assertThat(index.search(request(TestVectors.unit(random, DIM), 10))).isEmpty();
    assertThat(index.stats().count()).isZero();
    assertThat(index.stats().dimension()).isEqualTo(DIM);
    assertThat(index.dimension()).isEqualTo(DIM);
  }

  @Test
  void returns_every_match_best_first_when_k_exceeds_the_count() {
    VectorIndex index = open();
    List<IndexedVector> vectors = randomVectors(7, 1, "c", MODEL);
    index.add(vectors);
    float[] query = TestVectors.unit(random, DIM);
    assertThat(ids(index.search(request(query, 100))))
        .isEqualTo(TestVectors.exactTopIds(vectors, query, 100, v -> true));
  }

  @Test
  void commit_and_reopen_keep_vectors_and_committed_sequence() {
    IndexConfig config = IndexConfig.defaults().withDimension(DIM);
    VectorIndex index = open(config);
    List<IndexedVector> vectors = randomVectors(120, 1, "c", MODEL);
    index.add(vectors);
    index.delete(List.of(5L));
    index.commit(41);
    assertThat(index.committedSequence()).isEqualTo(41);
    index.close();

    VectorIndex reopened = open(config);
    assertThat(reopened.committedSequence()).isEqualTo(41);
    assertThat(reopened.stats().count()).isEqualTo(119);
    float[] query = TestVectors.unit(random, DIM);
    assertThat(ids(reopened.search(request(query, 10)))).isEqualTo(
        TestVectors.exactTopIds(vectors, query, 10, v -> v.id() != 5));
  }

  @Test
  void uncommitted_adds_are_lost_on_reopen() {
    IndexConfig config = IndexConfig.defaults().withDimension(DIM);
    VectorIndex index = open(config);
    index.add(randomVectors(30, 1, "c", MODEL));
    index.commit(3);
    List<IndexedVector> late = randomVectors(30, 101, "c", MODEL);
    index.add(late);
    assertThat(index.stats().count()).isEqualTo(60);
    index.close();

    VectorIndex reopened = open(config);
    assertThat(reopened.committedSequence()).isEqualTo(3);
    assertThat(reopened.stats().count()).isEqualTo(30);
    assertThat(ids(reopened.search(request(late.getFirst().vector(), 60))))
        .noneMatch(id -> id >= 101);
  }

  @Test
  void uncommitted_deletes_are_lost_on_reopen() {
    IndexConfig config = IndexConfig.defaults().withDimension(DIM);
    VectorIndex index = open(config);
    List<IndexedVector> vectors = randomVectors(30, 1, "c", MODEL);
    index.add(vectors);
    index.commit(0);
    index.delete(List.of(1L));
    index.close();

    VectorIndex reopened = open(config);
    assertThat(reopened.search(request(vectors.getFirst().vector(), 1)).getFirst().id())
        .isEqualTo(1);
  }

  @Test
  void a_new_commit_without_changes_still_records_the_sequence() {
    IndexConfig config = IndexConfig.defaults().withDimension(DIM);
    VectorIndex index = open(config);
    index.add(randomVectors(5, 1, "c", MODEL));
    index.commit(10);
    index.commit(12);
    index.close();
    assertThat(open(config).committedSequence()).isEqualTo(12);
  }

  @Test
  void rejects_a_commit_sequence_below_the_committed_one() {
    VectorIndex index = open();
    index.commit(9);
    assertThatThrownBy(() -> index.commit(8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lastSequence 8 is below the committed sequence 9");
  }

  @Test
  void rejects_a_vector_of_the_wrong_dimension_and_adds_nothing() {
    VectorIndex index = open(IndexConfig.defaults());
    List<IndexedVector> batch = List.of(
        new IndexedVector(1, TestVectors.unit(random, 512), "c", MODEL),
        new IndexedVector(2, TestVectors.unit(random, 128), "c", MODEL));
    assertThatThrownBy(() -> index.add(batch))
        .isInstanceOf(DimensionMismatchException.class)
        .hasMessage("expected dimension 512, got 128");
    assertThat(index.stats().count()).isZero();
  }

  @Test
  void rejects_a_query_of_the_wrong_dimension() {
    VectorIndex index = open(IndexConfig.defaults());
    SearchRequest wrong = new SearchRequest(TestVectors.unit(random, 128), 10, Set.of(), MODEL);
    assertThatThrownBy(() -> index.search(wrong))
        .isInstanceOf(DimensionMismatchException.class)
        .hasMessage("expected dimension 512, got 128");
  }

  @Test
  void rejects_reopening_a_folder_with_another_dimension() {
    VectorIndex index = open();
    index.add(randomVectors(5, 1, "c", MODEL));
    index.commit(0);
    index.close();
    assertThatThrownBy(() -> open(IndexConfig.defaults()))
        .isInstanceOf(DimensionMismatchException.class)
        .hasMessage("expected dimension 512, got " + DIM + " (index in " + folder + ")");
  }

  @Test
  void stats_report_count_dimension_and_bytes_on_disk() {
    VectorIndex index = open();
    index.add(randomVectors(40, 1, "c", MODEL));
    index.commit(1);
    IndexStats stats = index.stats();
    assertThat(stats.count()).isEqualTo(40);
    assertThat(stats.dimension()).isEqualTo(DIM);
    // At least the raw float32 vectors are on disk.
    assertThat(stats.bytesOnDisk()).isGreaterThanOrEqualTo(40L * DIM * Float.BYTES);
    assertThat(stats.deletedOnDisk()).isZero();
  }

  @Test
  void expunge_deletes_keeps_live_vectors_and_the_committed_sequence() {
    VectorIndex index = open();
    List<IndexedVector> vectors = randomVectors(100, 1, "c", MODEL);
    index.add(vectors);
    index.commit(7);
    index.delete(List.of(1L, 2L, 3L));
    assertThat(index.stats().deletedOnDisk()).isEqualTo(3);

    index.expungeDeletes();

    assertThat(index.committedSequence()).isEqualTo(7);
    assertThat(index.stats().deletedOnDisk()).isZero();
    assertThat(index.stats().count()).isEqualTo(97);
    float[] query = TestVectors.unit(random, DIM);
    assertThat(ids(index.search(request(query, 10)))).isEqualTo(
        TestVectors.exactTopIds(vectors, query, 10, v -> v.id() > 3));
  }

  @Test
  void expunge_deletes_leaves_no_bytes_of_a_deleted_template_in_any_file() throws IOException {
    VectorIndex index = open();
    List<IndexedVector> vectors = new ArrayList<>(randomVectors(60, 1, "c", MODEL));
    // An id whose eight bytes are all non-zero, so finding it by chance is unlikely.
    long secretId = random.nextLong() | 0x0101_0101_0101_0101L;
    IndexedVector secret = new IndexedVector(secretId, TestVectors.unit(random, DIM), "c", MODEL);
    vectors.add(secret);
    index.add(vectors);
    index.commit(1);
    // The scan must be able to see the template at all, or its silence below would prove nothing.
    assertThat(filesContaining(TestVectors.floatBytes(secret.vector(), ByteOrder.LITTLE_ENDIAN)))
        .as("files holding the template before erasure").isNotEmpty();

    index.delete(List.of(secretId));
    index.expungeDeletes();

    for (byte[] needle : secretNeedles(secret)) {
      assertThat(filesContaining(needle)).as("files holding erased bytes").isEmpty();
    }
    assertThat(ids(index.search(request(secret.vector(), 61)))).doesNotContain(secretId)
        .hasSize(60);
  }

  @Test
  void a_large_batch_is_indexed_completely() {
    VectorIndex index = open();
    List<IndexedVector> vectors = randomVectors(3000, 1, "c", MODEL);
    index.add(vectors);
    assertThat(index.stats().count()).isEqualTo(3000);
    for (int i = 0; i < 30; i++) {
      IndexedVector probe = vectors.get(random.nextInt(vectors.size()));
      assertThat(index.search(request(probe.vector(), 1)).getFirst().id()).isEqualTo(probe.id());
    }
  }

  @Test
  void concurrent_searches_while_adding_always_see_complete_batches() throws Exception {
    VectorIndex index = open();
    index.add(randomVectors(200, 1, "c", MODEL));
    List<List<IndexedVector>> batches = new ArrayList<>();
    for (int b = 0; b < 10; b++) {
      batches.add(randomVectors(50, 10_000 + b * 100L, "c", MODEL));
    }
    float[] query = TestVectors.unit(random, DIM);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?> writer = pool.submit(() -> batches.forEach(index::add));
      List<Future<List<SearchHit>>> searches = new ArrayList<>();
      for (int s = 0; s < 40; s++) {
        searches.add(pool.submit(() -> index.search(request(query, 10))));
      }
      writer.get();
      for (Future<List<SearchHit>> search : searches) {
        assertThat(search.get()).hasSize(10);
      }
    } finally {
      pool.shutdownNow();
    }
    List<IndexedVector> all = new ArrayList<>();
    batches.forEach(all::addAll);
    for (IndexedVector probe : all.subList(0, 20)) {
      assertThat(index.search(request(probe.vector(), 1)).getFirst().id()).isEqualTo(probe.id());
    }
    assertThat(index.stats().count()).isEqualTo(700);
  }

  @Test
  void calls_after_close_throw_illegal_state() {
    VectorIndex index = open();
    index.close();
    index.close();
    assertThatThrownBy(() -> index.search(request(TestVectors.unit(random, DIM), 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the index in " + folder + " is closed");
    assertThatThrownBy(() -> index.add(List.of())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> index.commit(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_second_open_of_the_same_index_cannot_write_beside_the_first() {
    VectorIndex first = open();
    assertThat(first.writable()).isTrue();
    if (first.shared() == false) {
      // An embedded index belongs to one process: its folder is locked.
      assertThatThrownBy(this::open)
          .isInstanceOf(IndexStorageException.class)
          .hasMessageStartingWith("open failed for the index in " + folder);
      return;
    }
    // A shared index opens again, for searching only, while the first writes.
    VectorIndex second = open();
    assertThat(second.writable()).isFalse();
    assertThat(second.tryBecomeWriter()).isFalse();
    assertThatThrownBy(() -> second.add(randomVectors(1, 1, "left", MODEL)))
        .isInstanceOf(IllegalStateException.class);
  }

  /** The erased template's byte patterns and its id as decimal text. */
  private static List<byte[]> secretNeedles(IndexedVector secret) {
    List<byte[]> needles = new ArrayList<>(TestVectors.erasedBytes(secret));
    needles.add(Long.toString(secret.id()).getBytes(StandardCharsets.US_ASCII));
    return needles;
  }

  private Set<Path> filesContaining(byte[] needle) throws IOException {
    Set<Path> found = new HashSet<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (TestVectors.indexOf(Files.readAllBytes(file), needle) >= 0) {
          found.add(folder.relativize(file));
        }
      }
    }
    return found;
  }
}
