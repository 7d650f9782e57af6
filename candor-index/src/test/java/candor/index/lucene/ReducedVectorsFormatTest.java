package candor.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import candor.index.IndexConfig;
import candor.index.IndexedVector;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import candor.index.TestVectors;
import candor.index.subspace.LowRankVectors;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReducedVectorsFormat} through {@link LuceneVectorIndex}: graphs over reduced copies of
 * low-rank templates, exact scores from the full ones, through flushes, merges, erasure and
 * reopening.
 */
class ReducedVectorsFormatTest {

  private static final int DIM = 256;
  private static final int RANK = 40;
  private static final String MODEL = "m";
  private static final String FIELD = PartitionFields.name(MODEL, "c");
  private static final String OTHER_FIELD = PartitionFields.name(MODEL, "d");

  @TempDir Path folder;
  private Random random;
  private LowRankVectors data;
  private final Map<Long, IndexedVector> stored = new HashMap<>();

  @BeforeEach
  void seed(TestInfo info) {
    random = new Random(TestVectors.seed("ReducedVectorsFormatTest." + info.getDisplayName()));
  }

  @Test
  void a_flushed_segment_of_low_rank_templates_walks_reduced_vectors_and_scores_exactly()
      throws IOException {
    try (LuceneVectorIndex index = LuceneVectorIndex.open(folder, config())) {
      index.add(vectors(0, 3000, "c"));
      index.commit(1);
      assertExactScoresAndRecall(index);
    }
    // 40 directions, rounded up to 48: int8 copies of 48 bytes plus Lucene's corrections (16),
    // against 256 plus corrections at full size.
    assertThat(quantizedBytesPerVector()).containsOnlyKeys(FIELD)
        .allSatisfy((field, bytes) -> assertThat(bytes).isLessThan(DIM / 2.0));
    assertCleanIndex();
  }

  @Test
  void merging_and_erasing_refit_the_subspace_and_keep_scores_exact() throws IOException {
    try (LuceneVectorIndex index = LuceneVectorIndex.open(folder, config())) {
      // Two collections, so a merge carries two graph fields, each with its own subspace.
      index.add(vectors(0, 5000, "c", "d"));
      index.commit(1);
      index.add(vectors(5000, 5000, "c", "d"));
      index.commit(2);
      assertThat(index.segmentCount()).isEqualTo(2);

      index.forceMerge(1);
      assertExactScoresAndRecall(index);

      List<Long> erased = new ArrayList<>();
      for (long id = 0; id < 2000; id++) {
        erased.add(id);
        stored.remove(id);
      }
      index.delete(erased);
      index.commit(3);
      index.expungeDeletes();
      assertExactScoresAndRecall(index);
    }
    assertThat(quantizedBytesPerVector()).containsOnlyKeys(FIELD, OTHER_FIELD)
        .allSatisfy((field, bytes) -> assertThat(bytes).isLessThan(DIM / 2.0));
    assertCleanIndex();
    // Reopened through the format's name, as after a restart.
    try (LuceneVectorIndex index = LuceneVectorIndex.open(folder, config())) {
      assertExactScoresAndRecall(index);
    }
  }

  @Test
  void erasure_leaves_no_bytes_of_the_template_nor_of_its_reduced_copy() throws IOException {
    IndexedVector secret;
    try (LuceneVectorIndex index = LuceneVectorIndex.open(folder, config())) {
      List<IndexedVector> vectors = vectors(0, 3000, "c");
      secret = vectors.get(1234);
      index.add(vectors);
      index.commit(1);
    }
    byte[] full = TestVectors.floatBytes(secret.vector(), ByteOrder.LITTLE_ENDIAN);
    byte[] reduced;
    try (Directory directory = FSDirectory.open(folder);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      CodecReader segment = (CodecReader) reader.leaves().get(0).reader();
      ReducedVectorsReader vectors = (ReducedVectorsReader)
          ((PerFieldKnnVectorsFormat.FieldsReader) segment.getVectorReader()).getFieldReader(FIELD);
      reduced = TestVectors.floatBytes(
          vectors.subspace(FIELD).project(secret.vector()), ByteOrder.LITTLE_ENDIAN);
    }
    // The scan must see both copies before erasure, or its silence after would prove nothing.
    assertThat(filesContaining(full)).isNotEmpty();
    assertThat(filesContaining(reduced)).isNotEmpty();

    try (LuceneVectorIndex index = LuceneVectorIndex.open(folder, config())) {
      index.delete(List.of(secret.id()));
      stored.remove(secret.id());
      index.commit(2);
      index.expungeDeletes();
      assertExactScoresAndRecall(index);
    }

    assertThat(filesContaining(full)).isEmpty();
    assertThat(filesContaining(reduced)).isEmpty();
  }

  @Test
  void templates_spread_over_every_dimension_keep_full_size_graph_vectors() throws IOException {
    List<IndexedVector> vectors = new ArrayList<>();
    for (long id = 0; id < 3000; id++) {
      float[] vector = TestVectors.unit(random, 64);
      vectors.add(new IndexedVector(id, vector, "c", MODEL));
    }
    try (LuceneVectorIndex index = LuceneVectorIndex.open(folder,
        IndexConfig.defaults().withDimension(64).withIndexingThreads(1))) {
      index.add(vectors);
      index.commit(1);
      float[] query = TestVectors.unit(random, 64);
      assertThat(index.search(new SearchRequest(query, 10, Set.of("c"), MODEL)))
          .extracting(SearchHit::id)
          .isEqualTo(TestVectors.exactTopIds(vectors, query, 10, v -> true));
    }
    assertThat(quantizedBytesPerVector().get(FIELD)).isGreaterThanOrEqualTo(64.0);
  }

  @Test
  void the_reduction_can_be_turned_off_for_new_segments() throws IOException {
    try (LuceneVectorIndex index = LuceneVectorIndex.open(folder, config())) {
      index.add(vectors(0, 100, "c"));
      index.commit(1);
    }
    try (LuceneVectorIndex index =
        LuceneVectorIndex.open(folder, config().withReducedDimensions(false))) {
      index.add(vectors(100, 100, "c"));
      index.commit(2);
      assertExactScoresAndRecall(index);
    }
    assertThat(vectorFormats()).containsExactly(ReducedVectorsFormat.NAME,
        Lucene104HnswScalarQuantizedVectorsFormat.NAME);
  }

  private IndexConfig config() {
    // One indexing thread: one batch, one segment.
    return IndexConfig.defaults().withDimension(DIM).withIndexingThreads(1);
  }

  /** Takes the next templates of the shared low-rank set, spread over the collections in turn. */
  private List<IndexedVector> vectors(long firstId, int count, String... collections) {
    if (data == null) {
      data = LowRankVectors.of(random, DIM, RANK, 10_000);
    }
    List<IndexedVector> vectors = new ArrayList<>();
    for (long id = firstId; id < firstId + count; id++) {
      IndexedVector vector = new IndexedVector(id, data.vectors().get((int) id),
          collections[(int) (id % collections.length)], MODEL);
      stored.put(id, vector);
      vectors.add(vector);
    }
    return vectors;
  }

  /** Every hit's score is the full dot product, and nearly every true neighbour is found. */
  private void assertExactScoresAndRecall(LuceneVectorIndex index) {
    List<IndexedVector> all = new ArrayList<>(stored.values());
    List<String> collections = all.stream().map(IndexedVector::collection).distinct().toList();
    int found = 0;
    int wanted = 0;
    for (int q = 0; q < 40; q++) {
      String collection = collections.get(q % collections.size());
      float[] near = data.vectors().get(random.nextInt(data.vectors().size()));
      float[] query = TestVectors.near(random, near, 0.02);
      List<SearchHit> hits =
          index.search(new SearchRequest(query, 10, Set.of(collection), MODEL));
      Set<Long> got = new HashSet<>();
      for (SearchHit hit : hits) {
        assertThat(stored).containsKey(hit.id());
        assertThat(stored.get(hit.id()).collection()).isEqualTo(collection);
        assertThat((double) hit.score())
            .isCloseTo(TestVectors.dot(query, stored.get(hit.id()).vector()), within(1e-5));
        got.add(hit.id());
      }
      List<Long> truth = TestVectors.exactTopIds(all, query, 10,
          v -> v.collection().equals(collection));
      wanted += truth.size();
      found += (int) truth.stream().filter(got::contains).count();
    }
    assertThat((double) found / wanted).isGreaterThanOrEqualTo(0.98);
  }

  /** The int8 graph copies' bytes per vector, by field, from the segments' off-heap sizes. */
  private Map<String, Double> quantizedBytesPerVector() throws IOException {
    Map<String, Double> perVector = new HashMap<>();
    try (Directory directory = FSDirectory.open(folder);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        CodecReader segment = (CodecReader) leaf.reader();
        for (FieldInfo info : segment.getFieldInfos()) {
          if (info.hasVectorValues()) {
            long bytes = segment.getVectorReader().getOffHeapByteSize(info).get("veq");
            int count = segment.getFloatVectorValues(info.name).size();
            perVector.put(info.name, (double) bytes / count);
          }
        }
      }
    }
    return perVector;
  }

  private List<String> vectorFormats() throws IOException {
    List<String> formats = new ArrayList<>();
    try (Directory directory = FSDirectory.open(folder);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        formats.add(leaf.reader().getFieldInfos().fieldInfo(FIELD)
            .getAttribute("PerFieldKnnVectorsFormat.format"));
      }
    }
    return formats;
  }

  private List<Path> filesContaining(byte[] needle) throws IOException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        if (TestVectors.indexOf(Files.readAllBytes(file), needle) >= 0) {
          found.add(file);
        }
      }
    }
    return found;
  }

  private void assertCleanIndex() throws IOException {
    try (Directory directory = FSDirectory.open(folder);
        CheckIndex check = new CheckIndex(directory)) {
      assertThat(check.checkIndex().clean).isTrue();
    }
  }
}
