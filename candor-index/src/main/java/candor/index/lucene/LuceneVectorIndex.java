package candor.index.lucene;

import candor.index.DimensionMismatchException;
import candor.index.IndexConfig;
import candor.index.IndexCorruptException;
import candor.index.IndexStats;
import candor.index.IndexStorageException;
import candor.index.IndexedVector;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import candor.index.VectorIndex;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;
import org.apache.lucene.util.VectorUtil;

/**
 * A {@link VectorIndex} on Apache Lucene: HNSW graphs over int8 scalar-quantized templates for
 * speed, with every candidate rescored exactly from the float32 vectors kept beside the quantized
 * ones. By default ({@link IndexConfig#reduceDimensions()}) each segment's graphs compare int8
 * copies of the templates projected onto the directions that segment's templates vary in (about
 * 160 of 512 for Candor's embedder; see {@link ReducedVectorsFormat}), which a third of the bytes
 * per comparison makes cheaper to walk.
 *
 * <p><b>Storage.</b> One Lucene index in a folder, memory-mapped ({@code MMapDirectory}): graphs,
 * quantized and raw vectors stay off the Java heap in the OS page cache, so the heap cost per
 * face is a few bytes. Each document holds a template's id (indexed for upserts and deletes, doc
 * values, stored), its collection and model id (keywords, for maintenance queries) and its
 * vector, in the vector field of its (model, collection) partition (DOT_PRODUCT similarity,
 * which equals cosine for the unit vectors this index accepts). Commits carry the sequence
 * number in their user data under {@code "candor.sequence"}.
 *
 * <p><b>Search.</b> Each partition has its own graph, so templates of different models never
 * share one and a search in one collection walks a graph that holds only that collection (see
 * {@link PartitionFields} for the measurements behind this). A search asks the graph of each
 * requested collection of the request's model (every collection of the model when none is
 * named) for {@link IndexConfig#candidates(int)} neighbours in each segment, recomputes the dot
 * product of the best {@link IndexConfig#rescored(int)} of them from their float32 vectors and
 * returns the best {@code k} overall. The
 * segments' graphs are walked in parallel on {@link IndexConfig#indexingThreads()} threads, the
 * calling thread being one; {@link #forceMerge(int)} after a bulk load leaves as many segments as
 * cores. The cost grows with the number of collections searched. Recall grows with the candidate count; see {@link
 * IndexConfig#DEFAULT_MIN_CANDIDATES}.
 *
 * <p><b>Indexing.</b> A large {@link #add add} is split across {@link
 * IndexConfig#indexingThreads()} threads, the calling thread being one of them; each builds its
 * own in-memory segment and graphs. Merges run in the background and build merged graphs with as
 * many threads.
 *
 * <p><b>Thread-safety.</b> Every method is safe to call from many threads at once. Searches
 * share a {@link SearcherManager}; one that follows an {@code add} or {@code delete} first
 * refreshes the near-real-time reader, so it sees every change that returned before it.
 * Commits and {@link #expungeDeletes()} are serialised. {@link #close()} must not race with
 * other calls.
 *
 * <p><b>Privacy.</b> Stores face templates. A delete hides a template at once; {@link
 * #expungeDeletes()} rewrites every segment holding a deleted template (any deletion at all,
 * not Lucene's default 10 % threshold), commits and releases the old files so they leave the
 * folder.
 */
public final class LuceneVectorIndex implements VectorIndex {

  /** Field holding the template id: indexed as 8 sortable bytes, doc values and stored. */
  static final String ID_FIELD = "id";
  /** Field holding the collection, indexed as a keyword. */
  static final String COLLECTION_FIELD = "collection";
  /** Field holding the model id, indexed as a keyword. */
  static final String MODEL_FIELD = "model";
  /** Commit user-data key for the committed sequence. */
  static final String SEQUENCE_KEY = "candor.sequence";
  /** The largest dimension Lucene's HNSW vector formats accept. */
  public static final int MAX_DIMENSION = 1024;

  // Bigger in-memory segments mean fewer flushes and fewer graph merges, which dominate bulk
  // indexing; 256 MB holds about 100k 512-d templates with their graphs (measured: two 50k
  // segments from two threads) and stays modest for a server heap.
  private static final double RAM_BUFFER_MB = 256;
  // Below this many vectors, handing work to other threads costs more than it saves.
  private static final int MIN_PARALLEL_BATCH = 256;
  private static final Comparator<SearchHit> BEST_FIRST =
      Comparator.comparingDouble((SearchHit hit) -> hit.score()).reversed()
          .thenComparingLong(SearchHit::id);

  private final Path folder;
  private final IndexConfig config;
  private final FieldType vectorType;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final ConcurrentMergeScheduler mergeScheduler;
  // Helpers for parallel adds (indexingThreads - 1 of them: the caller works too) and for merged
  // graph builds; null when the configuration asks for one thread.
  private final ExecutorService addExecutor;
  private final ExecutorService mergeExecutor;
  // Searches the segments of one query in parallel (Lucene's per-leaf kNN tasks); null with one
  // thread. A lone query then uses every core, which is what bounds its latency on a big index.
  private final ExecutorService searchExecutor;
  // Serialises commits and expunges, so that a commit's user data matches what it commits.
  private final Object commitLock = new Object();
  // Counts adds and deletes; a search refreshes the reader when it is ahead of refreshedChanges.
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong refreshedChanges = new AtomicLong();
  // Written under commitLock; volatile so that readers need no lock.
  private volatile long committedSequence;
  private volatile boolean closed;

  private LuceneVectorIndex(Path folder, IndexConfig config, Directory directory,
      IndexWriter writer, SearcherManager searchers, ConcurrentMergeScheduler mergeScheduler,
      ExecutorService addExecutor, ExecutorService mergeExecutor, ExecutorService searchExecutor,
      long committedSequence) {
    this.folder = folder;
    this.config = config;
    this.vectorType = KnnFloatVectorField.createFieldType(
        config.dimension(), VectorSimilarityFunction.DOT_PRODUCT);
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.mergeScheduler = mergeScheduler;
    this.addExecutor = addExecutor;
    this.mergeExecutor = mergeExecutor;
    this.searchExecutor = searchExecutor;
    this.committedSequence = committedSequence;
  }

  /**
   * Opens the Lucene index in {@code folder}, creating the folder and an empty index if needed.
   *
   * <p>Changes that were not committed before the last close or crash are gone; {@link
   * #committedSequence()} says where to replay from. The caller owns the returned index and must
   * close it; it holds Lucene's {@code write.lock} on the folder until then.
   *
   * @param folder the index folder
   * @param config the settings; the graph settings apply to segments written from now on
   * @return the open index
   * @throws IllegalArgumentException if {@code config.dimension()} exceeds {@link #MAX_DIMENSION}
   * @throws DimensionMismatchException if the folder holds vectors of another dimension
   * @throws IndexCorruptException if the commit data cannot be read
   * @throws IndexStorageException if the folder cannot be opened, for example because another
   *     process or index instance has it open
   */
  public static LuceneVectorIndex open(Path folder, IndexConfig config) {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(config, "config");
    if (config.dimension() > MAX_DIMENSION) {
      throw new IllegalArgumentException("LuceneVectorIndex supports at most " + MAX_DIMENSION
          + " dimensions, got " + config.dimension());
    }
    int threads = config.indexingThreads();
    ExecutorService addExecutor =
        threads > 1 ? Executors.newFixedThreadPool(threads - 1, daemonThreads("add")) : null;
    ExecutorService mergeExecutor =
        threads > 1 ? Executors.newFixedThreadPool(threads, daemonThreads("merge")) : null;
    ExecutorService searchExecutor =
        threads > 1 ? Executors.newFixedThreadPool(threads, daemonThreads("search")) : null;
    Directory directory = null;
    IndexWriter writer = null;
    SearcherManager searchers = null;
    try {
      Files.createDirectories(folder);
      directory = new MMapDirectory(folder);
      IndexWriterConfig writerConfig = writerConfig(config, mergeExecutor);
      writer = new IndexWriter(directory, writerConfig);
      long sequence = readSequence(writer.getLiveCommitData(), folder);
      searchers = new SearcherManager(writer, true, false, searcherFactory(searchExecutor));
      checkStoredDimension(searchers, config.dimension(), folder);
      return new LuceneVectorIndex(folder, config, directory, writer, searchers,
          (ConcurrentMergeScheduler) writerConfig.getMergeScheduler(), addExecutor,
          mergeExecutor, searchExecutor, sequence);
    } catch (IOException | RuntimeException e) {
      closeAfterFailedOpen(e, searchers, writer, directory, addExecutor, mergeExecutor,
          searchExecutor);
      if (e instanceof IOException io) {
        throw new IndexStorageException("open", folder, io);
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public void add(List<IndexedVector> vectors) {
    Objects.requireNonNull(vectors, "vectors");
    requireOpen();
    // Check the whole batch before writing, so a bad vector leaves the index untouched. A later
    // duplicate replaces an earlier one here; left in the batch, threads would race on the id.
    Map<Long, IndexedVector> byId = new LinkedHashMap<>();
    for (IndexedVector vector : vectors) {
      Objects.requireNonNull(vector, "vector");
      if (vector.dimension() != config.dimension()) {
        throw new DimensionMismatchException(config.dimension(), vector.dimension());
      }
      byId.put(vector.id(), vector);
    }
    if (byId.isEmpty()) {
      return;
    }
    List<IndexedVector> unique = new ArrayList<>(byId.values());
    try {
      if (addExecutor == null || unique.size() < MIN_PARALLEL_BATCH) {
        indexAll(unique);
      } else {
        indexInParallel(unique);
      }
    } catch (IOException e) {
      throw new IndexStorageException("add", folder, e);
    } finally {
      // Even a failed batch may have written part of itself; let searches see what is there.
      changes.incrementAndGet();
    }
  }

  @Override
  public void delete(Collection<Long> ids) {
    Objects.requireNonNull(ids, "ids");
    requireOpen();
    if (ids.isEmpty()) {
      return;
    }
    Term[] terms = new Term[ids.size()];
    int i = 0;
    for (Long id : ids) {
      terms[i++] = idTerm(Objects.requireNonNull(id, "id"));
    }
    try {
      writer.deleteDocuments(terms);
    } catch (IOException e) {
      throw new IndexStorageException("delete", folder, e);
    } finally {
      changes.incrementAndGet();
    }
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    Objects.requireNonNull(request, "request");
    requireOpen();
    if (request.dimension() != config.dimension()) {
      throw new DimensionMismatchException(config.dimension(), request.dimension());
    }
    try {
      refreshIfChanged();
      IndexSearcher searcher = searchers.acquire();
      try {
        return search(searcher, request);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new IndexStorageException("search", folder, e);
    }
  }

  @Override
  public void commit(long lastSequence) {
    requireOpen();
    synchronized (commitLock) {
      if (lastSequence < committedSequence) {
        throw new IllegalArgumentException("lastSequence " + lastSequence
            + " is below the committed sequence " + committedSequence);
      }
      try {
        writer.setLiveCommitData(Map.of(SEQUENCE_KEY, Long.toString(lastSequence)).entrySet());
        writer.commit();
      } catch (IOException e) {
        throw new IndexStorageException("commit", folder, e);
      }
      committedSequence = lastSequence;
    }
    // Background merges finished since the last refresh are invisible to the reader until it
    // refreshes; a commit is a natural moment for the next search to pick them up.
    changes.incrementAndGet();
  }

  @Override
  public long committedSequence() {
    requireOpen();
    return committedSequence;
  }

  /**
   * Rewrites every segment that holds a deleted template, commits, and refreshes the searcher so
   * that the reader which still pinned the old segment files lets them go.
   *
   * <p>Rewriting a segment may rebuild its graphs, which can cost about as much as indexing its
   * templates again; call it once per erasure batch, not per template.
   */
  @Override
  public void expungeDeletes() {
    requireOpen();
    rewriteAndCommit("expunge deletes", () -> writer.forceMergeDeletes(true));
  }

  @Override
  public IndexStats stats() {
    requireOpen();
    try {
      refreshIfChanged();
      long live;
      long deleted;
      IndexSearcher searcher = searchers.acquire();
      try {
        IndexReader reader = searcher.getIndexReader();
        live = reader.numDocs();
        deleted = reader.numDeletedDocs();
      } finally {
        searchers.release(searcher);
      }
      return new IndexStats(live, deleted, config.dimension(), bytesOnDisk());
    } catch (IOException e) {
      throw new IndexStorageException("stats", folder, e);
    }
  }

  @Override
  public int dimension() {
    return config.dimension();
  }

  /**
   * Waits until the background merges running or queued now have finished.
   *
   * <p>Merged segments become durable only at the next {@link #commit(long)}, and closing
   * abandons merges still running; a benchmark or a maintenance task calls this and then commits
   * so that the index reopens with its merged segments. Safe to call concurrently with other
   * methods.
   *
   * @throws IllegalStateException if the index is closed
   */
  public void awaitMerges() {
    requireOpen();
    mergeScheduler.sync();
    // Let the next search switch to the merged segments and release the pre-merge files.
    changes.incrementAndGet();
  }

  /**
   * Merges the index down to at most {@code maxSegments} segments, commits under the current
   * sequence and lets searches switch to the merged segments.
   *
   * <p>Each segment costs a search one more graph walk, so after a bulk load (millions of
   * templates arrive in a few hundred-thousand-template segments) merging to one segment makes
   * searches faster and their recall better. The merged graph is rebuilt with {@link
   * IndexConfig#indexingThreads()} threads and the old files are freed: it costs about as much as
   * indexing the smaller segments again. A maintenance step, not part of normal ingest.
   *
   * @param maxSegments the most segments to leave, at least 1
   * @throws IndexStorageException if merging or committing fails
   * @throws IllegalStateException if the index is closed
   */
  public void forceMerge(int maxSegments) {
    requireOpen();
    if (maxSegments < 1) {
      throw new IllegalArgumentException("maxSegments must be at least 1, got " + maxSegments);
    }
    rewriteAndCommit("force merge", () -> writer.forceMerge(maxSegments, true));
  }

  /** Work on the writer that may throw {@link IOException}. */
  @FunctionalInterface
  private interface WriterWork {
    void run() throws IOException;
  }

  /**
   * Runs a segment rewrite, commits it under the current sequence, and refreshes the searcher so
   * that the reader pinning the old segment files lets them go.
   */
  private void rewriteAndCommit(String operation, WriterWork rewrite) {
    try {
      synchronized (commitLock) {
        rewrite.run();
        writer.commit();
      }
      changes.incrementAndGet();
      refreshIfChanged();
    } catch (IOException e) {
      throw new IndexStorageException(operation, folder, e);
    }
  }

  /**
   * Returns the number of segments a search visits now; each adds one graph search, so fewer
   * segments give faster searches.
   *
   * @return the segment count of the current reader
   * @throws IndexStorageException if refreshing the reader fails
   * @throws IllegalStateException if the index is closed
   */
  public int segmentCount() {
    requireOpen();
    try {
      refreshIfChanged();
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.getIndexReader().leaves().size();
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new IndexStorageException("segment count", folder, e);
    }
  }

  /**
   * Releases the searcher, rolls back uncommitted changes, closes the folder and stops the
   * helper threads.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    try {
      searchers.close();
    } catch (IOException e) {
      failure = e;
    }
    try {
      // rollback, not close: uncommitted changes must be dropped, as after a crash.
      writer.rollback();
    } catch (IOException e) {
      failure = addSuppressed(failure, e);
    }
    try {
      directory.close();
    } catch (IOException e) {
      failure = addSuppressed(failure, e);
    }
    shutdown(addExecutor);
    shutdown(mergeExecutor);
    shutdown(searchExecutor);
    if (failure != null) {
      throw new IndexStorageException("close", folder, failure);
    }
  }

  private List<SearchHit> search(IndexSearcher searcher, SearchRequest request)
      throws IOException {
    Map<String, String> partitions;
    if (request.collections().isEmpty()) {
      partitions = PartitionFields.ofModel(searcher.getIndexReader(), request.modelId());
    } else {
      partitions = new LinkedHashMap<>();
      for (String collection : request.collections()) {
        partitions.put(PartitionFields.name(request.modelId(), collection), collection);
      }
    }
    float[] query = request.query();
    int candidates = config.candidates(request.k());
    int rescoredPerLeaf = config.rescored(request.k());
    List<Callable<List<SearchHit>>> leafSearches = new ArrayList<>();
    for (Map.Entry<String, String> partition : partitions.entrySet()) {
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        if (leaf.reader().getFieldInfos().fieldInfo(partition.getKey()) != null) {
          leafSearches.add(() -> searchLeaf(
              leaf, partition.getKey(), partition.getValue(), query, candidates, rescoredPerLeaf));
        }
      }
    }
    List<SearchHit> rescored = new ArrayList<>();
    for (List<SearchHit> hits : searcher.getTaskExecutor().invokeAll(leafSearches)) {
      rescored.addAll(hits);
    }
    rescored.sort(BEST_FIRST);
    return List.copyOf(rescored.subList(0, Math.min(request.k(), rescored.size())));
  }

  /**
   * Walks one segment's graph of a partition for {@code candidates} neighbours and rescores the
   * best {@code rescored} of them exactly from their float32 vectors, which the quantized graph
   * walk only estimated.
   *
   * <p>Why each segment on its own rather than {@code KnnFloatVectorQuery}: that query first asks
   * each segment for a share of the candidates in proportion to its size and then searches again
   * every segment whose share may have cut off competitive hits. The second pass doubled the
   * slowest searches (1M faces in 2 segments, 600 candidates: p50 7.4 ms, p99 14.4 ms); one full
   * walk per segment, the segments in parallel, costs every search the same.
   */
  private List<SearchHit> searchLeaf(LeafReaderContext leaf, String field, String collection,
      float[] query, int candidates, int rescored) throws IOException {
    LeafReader reader = leaf.reader();
    TopDocs top = reader.searchNearestVectors(field, query, candidates,
        AcceptDocs.fromLiveDocs(reader.getLiveDocs(), reader.maxDoc()), Integer.MAX_VALUE);
    // The walk's candidates come best first by their quantized score. Doc values and vector
    // iterators only move forward, so visit the ones rescored in doc order.
    int[] docs = new int[Math.min(top.scoreDocs.length, rescored)];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = top.scoreDocs[i].doc;
    }
    Arrays.sort(docs);
    // The full float32 vectors, not the quantized (or dimension-reduced) copies the graph walked.
    FloatVectorValues vectors = reader.getFloatVectorValues(field);
    KnnVectorValues.DocIndexIterator vectorDocs = vectors.iterator();
    NumericDocValues ids = DocValues.getNumeric(reader, ID_FIELD);
    List<SearchHit> hits = new ArrayList<>(docs.length);
    for (int doc : docs) {
      if (vectorDocs.advance(doc) != doc || ids.advanceExact(doc) == false) {
        throw new IndexCorruptException(folder,
            "document " + (leaf.docBase + doc) + " lacks its vector or id", null);
      }
      float score = VectorUtil.dotProduct(query, vectors.vectorValue(vectorDocs.index()));
      hits.add(new SearchHit(ids.longValue(), clampCosine(score), collection));
    }
    return hits;
  }

  private void indexAll(List<IndexedVector> vectors) throws IOException {
    for (IndexedVector vector : vectors) {
      writer.updateDocument(idTerm(vector.id()), document(vector));
    }
  }

  /**
   * Splits the batch into one contiguous slice per indexing thread; the caller indexes the last
   * slice itself. Lucene gives each thread its own in-memory segment, so the graph builds, which
   * dominate the cost, run in parallel.
   */
  private void indexInParallel(List<IndexedVector> vectors) throws IOException {
    int slices = config.indexingThreads();
    int sliceSize = (vectors.size() + slices - 1) / slices;
    List<Future<?>> futures = new ArrayList<>(slices - 1);
    for (int start = 0; start + sliceSize < vectors.size(); start += sliceSize) {
      List<IndexedVector> slice = vectors.subList(start, start + sliceSize);
      futures.add(addExecutor.submit(() -> {
        indexAll(slice);
        return null;
      }));
    }
    Throwable failure = null;
    try {
      indexAll(vectors.subList(futures.size() * sliceSize, vectors.size()));
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    // Wait for every slice even after a failure, so no thread still writes once add returns.
    boolean interrupted = false;
    for (Future<?> future : futures) {
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          failure = addSuppressed(failure, e.getCause());
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      throw new InterruptedIOException(failure.toString());
    }
  }

  private Document document(IndexedVector vector) {
    Document document = new Document();
    long id = vector.id();
    document.add(new StringField(ID_FIELD, idBytes(id), Field.Store.NO));
    document.add(new NumericDocValuesField(ID_FIELD, id));
    document.add(new StoredField(ID_FIELD, id));
    document.add(new StringField(COLLECTION_FIELD, vector.collection(), Field.Store.NO));
    document.add(new StringField(MODEL_FIELD, vector.modelId(), Field.Store.NO));
    document.add(new KnnFloatVectorField(
        PartitionFields.name(vector.modelId(), vector.collection()), vector.vector(), vectorType));
    return document;
  }

  private void refreshIfChanged() throws IOException {
    long wanted = changes.get();
    if (refreshedChanges.get() < wanted) {
      // Blocking: concurrent searchers wait for one refresh instead of each starting their own.
      searchers.maybeRefreshBlocking();
      refreshedChanges.accumulateAndGet(wanted, Math::max);
    }
  }

  private long bytesOnDisk() throws IOException {
    long total = 0;
    for (String file : directory.listAll()) {
      try {
        total += directory.fileLength(file);
      } catch (NoSuchFileException | FileNotFoundException e) {
        // A merge or commit deleted the file while we listed; it no longer takes space.
      }
    }
    return total;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the index in " + folder + " is closed");
    }
  }

  private static SearcherFactory searcherFactory(ExecutorService searchExecutor) {
    return new SearcherFactory() {
      @Override
      public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) {
        return new IndexSearcher(reader, searchExecutor);
      }
    };
  }

  private static IndexWriterConfig writerConfig(IndexConfig config, ExecutorService mergeExecutor) {
    TieredMergePolicy mergePolicy = new TieredMergePolicy();
    // Erasure is physical: forceMergeDeletes must rewrite a segment with even one deleted
    // template, where Lucene's default only rewrites segments with over 10 % deleted.
    mergePolicy.setForceMergeDeletesPctAllowed(0.0);
    ConcurrentMergeScheduler scheduler = new ConcurrentMergeScheduler();
    int threads = config.indexingThreads();
    // Lucene's own rule for SSDs: a few merges may queue beyond those running.
    scheduler.setMaxMergesAndThreads(threads + 5, threads);
    return new IndexWriterConfig()
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCommitOnClose(false)
        .setRAMBufferSizeMB(RAM_BUFFER_MB)
        .setMergePolicy(mergePolicy)
        .setMergeScheduler(scheduler)
        .setCodec(new TemplateCodec(config, mergeExecutor));
  }

  private static long readSequence(Iterable<Map.Entry<String, String>> commitData, Path folder) {
    if (commitData == null) {
      return -1;
    }
    for (Map.Entry<String, String> entry : commitData) {
      if (SEQUENCE_KEY.equals(entry.getKey())) {
        try {
          return Long.parseLong(entry.getValue());
        } catch (NumberFormatException e) {
          throw new IndexCorruptException(folder,
              "commit data " + SEQUENCE_KEY + " is not a number: " + entry.getValue(), e);
        }
      }
    }
    return -1;
  }

  private static void checkStoredDimension(SearcherManager searchers, int dimension, Path folder)
      throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      for (FieldInfo field : FieldInfos.getMergedFieldInfos(searcher.getIndexReader())) {
        if (PartitionFields.isPartition(field.name) && field.getVectorDimension() != dimension) {
          throw new DimensionMismatchException(
              dimension, field.getVectorDimension(), "index in " + folder);
        }
      }
    } finally {
      searchers.release(searcher);
    }
  }

  /** Encodes the id as 8 big-endian, sign-flipped bytes: a fixed-size exact-match term. */
  private static BytesRef idBytes(long id) {
    byte[] bytes = new byte[Long.BYTES];
    NumericUtils.longToSortableBytes(id, bytes, 0);
    return new BytesRef(bytes);
  }

  private static Term idTerm(long id) {
    return new Term(ID_FIELD, idBytes(id));
  }

  /** Unit vectors within the accepted 1e-3 norm tolerance can give a dot product just over 1. */
  private static float clampCosine(float dot) {
    return Math.max(-1f, Math.min(1f, dot));
  }

  private static ThreadFactory daemonThreads(String role) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "candor-index-" + role + "-" + count.incrementAndGet());
      // Daemon: a caller that forgets close() must not keep the JVM alive.
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void shutdown(ExecutorService executor) {
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private static <T extends Throwable> T addSuppressed(T first, T next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static void closeAfterFailedOpen(Exception primary, SearcherManager searchers,
      IndexWriter writer, Directory directory, ExecutorService... executors) {
    try {
      if (searchers != null) {
        searchers.close();
      }
      if (writer != null) {
        writer.rollback();
      }
      if (directory != null) {
        directory.close();
      }
    } catch (IOException | RuntimeException e) {
      primary.addSuppressed(e);
    }
    for (ExecutorService executor : executors) {
      shutdown(executor);
    }
  }
}
