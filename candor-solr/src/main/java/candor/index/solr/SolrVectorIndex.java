package candor.index.solr;

import candor.index.DimensionMismatchException;
import candor.index.IndexConfig;
import candor.index.IndexStats;
import candor.index.IndexStorageException;
import candor.index.IndexedVector;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import candor.index.VectorIndex;
import candor.index.subspace.Subspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.ZkClientClusterStateProvider;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.zookeeper.KeeperException;

/**
 * A {@link VectorIndex} on a SolrCloud collection, through SolrJ: in every segment of every shard
 * an HNSW graph per (model, collection) partition, searched with Solr's {@code knn} query parser,
 * over int8 copies of the templates with exact rescoring from the float32 templates, as the
 * embedded Lucene index does.
 *
 * <p><b>Storage.</b> One Solr collection (created with {@link SolrIndexConfig#shards()} shards of
 * {@link SolrIndexConfig#replicas()} copies if absent) with its own config set: each template is
 * a document with its id, model and collection, its int8 copy in the graph field of its
 * partition (a {@code solr.DenseVectorField} with byte encoding and dot-product similarity; see
 * {@link GraphFields}) and its float32 template in a binary doc-values field for rescoring. The
 * {@link TemplateLayout} says why the int8 copies are made here rather than by Solr, and how:
 * with {@link IndexConfig#quantization()} {@code FLOAT32} a new collection's graphs hold the
 * float32 templates instead (exact scores, four times the bytes to walk); the other quantizations
 * all give int8, the only smaller encoding Solr 9.10 has. The layout is fixed when the collection
 * is created and recorded in its config set. The committed sequence lives in one more document,
 * {@value #META_ID}.
 *
 * <p><b>Reduced graphs.</b> Once a face model has {@link Subspace#MIN_SAMPLE} templates in the
 * collection, the writer fits a {@link ModelBasis} from them (before shipping the commit that
 * reaches the count) and stores it in ZooKeeper; from then on the model's templates go to reduced
 * graph fields holding int8 copies of their projections, which cost the graph walk about a third
 * of the bytes per comparison, and are still rescored from their float32 template. The templates
 * committed before stay in the full-size fields, and searches walk both (see {@link
 * TemplateSearcher}). A bulk load whose first commit carries enough templates puts them all in
 * the reduced fields, as does {@code index rebuild}: {@link #deleteAll()} keeps the bases.
 *
 * <p><b>Writes and commits.</b> Solr cannot roll back, so adds and deletes wait in this
 * process's memory until {@link #commit(long)} (see {@link PendingChanges}): that is what makes
 * uncommitted changes vanish on close or crash, as the contract says. A commit ships them in
 * update requests of {@link SolrIndexConfig#batchSize()} changes, hard-commits every shard
 * (waiting for the new searchers), then sets the sequence document and hard-commits again. The
 * sequence is thus only recorded once the data is durable; a failure in between leaves the old
 * sequence, and the caller's replay repairs the rest. Requests that fail because a node is down
 * or a leader is being elected are retried for {@link SolrIndexConfig#retryTimeout()}.
 *
 * <p><b>Search.</b> Walks the graph of each requested collection of the request's model (every
 * collection holding templates of the model when none is named) in every shard, all in parallel,
 * one request per shard to a live replica, leaving out ids with pending changes; rescores each
 * shard's best candidates exactly (see {@link TemplateSearcher}); adds the pending templates that
 * match and returns the best {@code k}, ties by ascending id.
 *
 * <p><b>Collections come and go with their templates.</b> A gallery collection's graph field
 * appears in a segment with its first template; once its last template is deleted and {@link
 * #expungeDeletes()} has rewritten the segments, no graph or vector of it is left on any replica
 * (Lucene keeps only the field's name, which holds the collection's name, not biometric data).
 *
 * <p><b>One writer, many searchers.</b> The collection is {@linkplain #shared() shared} by every
 * application node of a deployment. Opening tries to take a ZooKeeper lock on the collection
 * (see {@link WriterLock}): the instance that gets it is the writer; the others open it for
 * searching only ({@link #writable()} is false; adds, deletes and commits are refused), read the
 * committed sequence the writer recorded, and may {@link #tryBecomeWriter() take over} once the
 * writer closes or its ZooKeeper session expires. A commit checks that the lock is still held.
 *
 * <p><b>Failures.</b> When the cluster cannot be reached (all replicas of a shard down, no
 * ZooKeeper) calls throw {@link IndexStorageException} naming the operation and {@link
 * SolrIndexConfig#location()}.
 *
 * <p><b>Thread-safety.</b> Every method may be called from many threads at once; commits and
 * {@link #expungeDeletes()} are serialised. {@link #close()} must not race with other calls.
 *
 * <p><b>Privacy.</b> Stores face templates in the cluster and, until committed, in memory.
 * {@link #expungeDeletes()} commits with {@code expungeDeletes=true}, which (with the config
 * set's merge policy) rewrites every segment holding a deleted template on every replica, and
 * then rolls each shard's transaction log so that the log that held the deletes goes too.
 */
public final class SolrVectorIndex implements VectorIndex {

  /** The id of the document that holds the committed sequence. */
  static final String META_ID = "candor.meta";

  private static final String ID = "id";
  private static final String MODEL = "model";
  private static final String COLLECTION = "collection";
  private static final String SEQUENCE = "sequence";
  // Every template document has a model; the metadata document has none.
  private static final String TEMPLATES_ONLY = MODEL + ":[* TO *]";
  private static final Comparator<SearchHit> BEST_FIRST =
      Comparator.comparingDouble((SearchHit hit) -> hit.score()).reversed()
          .thenComparingLong(SearchHit::id);
  private static final int ZK_TIMEOUT_SECONDS = 15;
  private static final int CREATE_TIMEOUT_SECONDS = 120;
  private static final Duration FORCE_MERGE_TIMEOUT = Duration.ofHours(1);
  // Two update requests in flight keep every shard leader indexing while the next one is built
  // and sent. At 100,000 faces on the busy 2-core test machine the gain was within the noise
  // (518 faces/s, against 374 and 590 with one request at a time).
  private static final int SHIP_CONCURRENCY = 2;

  private final SolrIndexConfig solr;
  private final IndexConfig config;
  private final Path location;
  private final CloudSolrClient client;
  private final SolrZkClient zk;
  private final TemplateLayout layout;
  private final ModelBases bases;
  private final TemplateSearcher searcher;
  // The writer lock, or null while another instance writes; set once, under commitLock.
  private volatile WriterLock lock;
  private final PendingChanges pending = new PendingChanges();
  // Sends update requests; daemon threads, stopped by close.
  private final ExecutorService shipper = Executors.newFixedThreadPool(SHIP_CONCURRENCY, task -> {
    Thread thread = new Thread(task, "candor-solr-ship");
    thread.setDaemon(true);
    return thread;
  });
  // Serialises commits and expunges, so that the recorded sequence matches what was shipped.
  private final Object commitLock = new Object();
  // Written under commitLock; volatile so that readers need no lock.
  private volatile long committedSequence;
  private volatile boolean closed;

  private SolrVectorIndex(SolrIndexConfig solr, IndexConfig config, CloudSolrClient client,
      SolrZkClient zk, TemplateLayout layout, WriterLock lock, long committedSequence) {
    this.solr = solr;
    this.config = config;
    this.location = solr.location();
    this.client = client;
    this.zk = zk;
    this.layout = layout;
    this.bases = new ModelBases(zk, ConfigSet.nameFor(solr.collection()), config.dimension());
    this.searcher = new TemplateSearcher(client,
        ZkClientClusterStateProvider.from(client).getZkStateReader(), solr.collection(), config,
        layout, bases, solr.retryTimeout().dividedBy(2));
    this.lock = lock;
    this.committedSequence = committedSequence;
  }

  /**
   * Connects to the cluster, takes the collection's writer lock unless another instance holds it
   * (then the index is open for searching only), and creates the collection and its config set if
   * they do not exist yet.
   *
   * <p>The caller owns the returned index and must close it, which frees the lock.
   *
   * @param solr where the collection lives and how to reach it
   * @param config the dimension, graph and search settings; the graph settings and the
   *     quantization only apply when the collection is created
   * @return the open index
   * @throws DimensionMismatchException if the collection holds vectors of another dimension
   * @throws IndexStorageException if the cluster cannot be reached, the collection cannot be
   *     created, or it holds templates in the single-graph layout of earlier Candor versions
   *     (rebuild the index into a new collection)
   */
  public static SolrVectorIndex open(SolrIndexConfig solr, IndexConfig config) {
    Objects.requireNonNull(solr, "solr");
    Objects.requireNonNull(config, "config");
    Path location = solr.location();
    CloudSolrClient client = null;
    WriterLock lock = null;
    try {
      client = new CloudHttp2SolrClient.Builder(solr.zkHosts(), Optional.of(solr.zkChroot()))
          .withZkConnectTimeout(ZK_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .withZkClientTimeout(ZK_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .build();
      client.connect(ZK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      SolrZkClient zk = ZkClientClusterStateProvider.from(client).getZkStateReader().getZkClient();
      lock = WriterLock.tryAcquire(zk, solr.collection());
      TemplateLayout layout = ensureCollection(client, zk, solr, config, location);
      SolrVectorIndex index = new SolrVectorIndex(solr, config, client, zk, layout, lock, -1);
      index.committedSequence = index.readSequence();
      return index;
    } catch (SolrServerException | IOException | KeeperException | InterruptedException
             | TimeoutException | RuntimeException e) {
      closeAfterFailedOpen(e, client, lock);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (e instanceof RuntimeException runtime && (e instanceof SolrException) == false) {
        throw runtime;
      }
      throw new IndexStorageException("open", location, e);
    }
  }

  @Override
  public void add(List<IndexedVector> vectors) {
    Objects.requireNonNull(vectors, "vectors");
    requireWriter("add");
    // Check the whole batch first, so that a bad vector leaves the index untouched.
    for (IndexedVector vector : vectors) {
      Objects.requireNonNull(vector, "vector");
      if (vector.dimension() != config.dimension()) {
        throw new DimensionMismatchException(config.dimension(), vector.dimension());
      }
    }
    pending.put(vectors);
  }

  @Override
  public void delete(Collection<Long> ids) {
    Objects.requireNonNull(ids, "ids");
    requireWriter("delete");
    List<Long> checked = new ArrayList<>(ids.size());
    for (Long id : ids) {
      checked.add(Objects.requireNonNull(id, "id"));
    }
    pending.delete(checked);
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    Objects.requireNonNull(request, "request");
    requireOpen();
    if (request.dimension() != config.dimension()) {
      throw new DimensionMismatchException(config.dimension(), request.dimension());
    }
    float[] query = request.query();
    List<PendingChanges.Change> changes = pending.snapshot();
    List<SearchHit> hits;
    try {
      hits = new ArrayList<>(searcher.search(request, changes));
    } catch (SolrServerException | IOException | SolrException e) {
      throw new IndexStorageException("search", location, e);
    }
    for (PendingChanges.Change change : changes) {
      IndexedVector vector = change.vector();
      if (vector != null && TemplateSearcher.matches(vector, request)) {
        hits.add(new SearchHit(vector.id(), TemplateSearcher.exactCosine(query, vector.vector()),
            vector.collection()));
      }
    }
    hits.sort(BEST_FIRST);
    return List.copyOf(hits.subList(0, Math.min(request.k(), hits.size())));
  }

  @Override
  public void commit(long lastSequence) {
    requireWriter("commit");
    synchronized (commitLock) {
      if (lastSequence < committedSequence) {
        throw new IllegalArgumentException("lastSequence " + lastSequence
            + " is below the committed sequence " + committedSequence);
      }
      List<PendingChanges.Change> shipped = pending.snapshot();
      if (shipped.isEmpty() && lastSequence == committedSequence) {
        return;
      }
      try {
        requireLock();
        ship(shipped);
        hardCommit(false);
        // Only now that the data is durable may the sequence say so.
        UpdateRequest sequence = new UpdateRequest();
        SolrInputDocument meta = new SolrInputDocument();
        meta.addField(ID, META_ID);
        meta.addField(SEQUENCE, Map.of("set", lastSequence));
        sequence.add(meta);
        write(sequence);
        hardCommit(false);
      } catch (SolrServerException | IOException | SolrException | KeeperException
               | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new IndexStorageException("commit", location, e);
      }
      pending.removeShipped(shipped);
      committedSequence = lastSequence;
    }
  }

  /**
   * Deletes every template and the recorded sequence from the collection, discards pending
   * changes and hard-commits, so that {@link #committedSequence()} is -1 again: the start of a
   * rebuild from the store. The collection, its config set and this writer's lock stay.
   *
   * <p>A Lucene index is rebuilt by deleting its folder; a Solr collection is shared by every
   * node of a deployment, so it is emptied in place instead.
   *
   * @throws IndexStorageException if the cluster cannot be reached or this writer lost its lock
   * @throws IllegalStateException if the index is closed
   */
  public void deleteAll() {
    requireWriter("delete all");
    synchronized (commitLock) {
      try {
        requireLock();
        UpdateRequest wipe = new UpdateRequest();
        wipe.deleteByQuery("*:*");
        write(wipe);
        hardCommit(true);
      } catch (SolrServerException | IOException | SolrException | KeeperException
               | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new IndexStorageException("delete all", location, e);
      }
      pending.clear();
      committedSequence = -1;
    }
  }

  /**
   * Returns the sequence the writer last recorded: this instance's own commits when it is the
   * writer, otherwise the value stored in the collection now (one small query).
   *
   * @throws IndexStorageException if a searching instance cannot reach the cluster
   */
  @Override
  public long committedSequence() {
    requireOpen();
    if (lock != null) {
      return committedSequence;
    }
    try {
      return readSequence();
    } catch (SolrServerException | IOException | SolrException e) {
      throw new IndexStorageException("read the committed sequence", location, e);
    }
  }

  /** A Solr collection is shared by every application node pointed at it. */
  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public boolean writable() {
    requireOpen();
    return lock != null;
  }

  /**
   * Takes the collection's writer lock if it is free, and then reads the committed sequence from
   * the collection, where the previous writer left it.
   */
  @Override
  public boolean tryBecomeWriter() {
    requireOpen();
    synchronized (commitLock) {
      if (lock != null) {
        return true;
      }
      try {
        WriterLock taken = WriterLock.tryAcquire(zk, solr.collection());
        if (taken == null) {
          return false;
        }
        try {
          committedSequence = readSequence();
        } catch (SolrServerException | IOException | RuntimeException e) {
          taken.release();
          throw e;
        }
        lock = taken;
        return true;
      } catch (SolrServerException | IOException | SolrException | KeeperException
               | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new IndexStorageException("take the writer lock", location, e);
      }
    }
  }

  /**
   * Ships pending changes, commits with {@code expungeDeletes=true} so that every replica
   * rewrites the segments holding deleted templates, then rolls each shard's transaction log.
   *
   * <p>The roll is a delete-by-query that matches nothing, which every shard logs, and a second
   * commit: the config set keeps no transaction log records of committed updates, so the log
   * holding the deletes (and, before it, the adds) is removed. Pending changes are committed
   * under the current {@link #committedSequence()}.
   */
  @Override
  public void expungeDeletes() {
    requireOpen();
    synchronized (commitLock) {
      List<PendingChanges.Change> shipped = pending.snapshot();
      try {
        ship(shipped);
        hardCommit(true);
        UpdateRequest roll = new UpdateRequest();
        roll.deleteByQuery(ID + ":" + ClientUtils.escapeQueryChars("candor.no-such-id"));
        write(roll);
        hardCommit(false);
      } catch (SolrServerException | IOException | SolrException e) {
        throw new IndexStorageException("expunge deletes", location, e);
      }
      pending.removeShipped(shipped);
    }
  }

  /**
   * Merges every replica of every shard down to at most {@code maxSegmentsPerShard} segments
   * (Solr's optimize), after shipping and committing pending changes under the current {@link
   * #committedSequence()}.
   *
   * <p>Each segment costs a search one more graph walk per partition, so after a bulk load
   * merging makes searches faster. Each replica rebuilds its merged graphs from its largest
   * segment's, which costs about as much as indexing the other segments' templates again: a
   * maintenance step, not part of normal ingest. The request is retried for up to an hour, since
   * a large merge outlasts a client's idle timeout (a retry finds the merge done or joins it).
   *
   * @param maxSegmentsPerShard the most segments each replica keeps, at least 1
   * @return the segments left, summed over shards
   * @throws IllegalArgumentException if {@code maxSegmentsPerShard} is below 1
   * @throws IndexStorageException if the cluster cannot be reached or the merge fails
   * @throws IllegalStateException if the index is closed or this instance is not the writer
   */
  public long forceMerge(int maxSegmentsPerShard) {
    requireWriter("force merge");
    if (maxSegmentsPerShard < 1) {
      throw new IllegalArgumentException("maxSegmentsPerShard must be at least 1, got "
          + maxSegmentsPerShard);
    }
    synchronized (commitLock) {
      List<PendingChanges.Change> shipped = pending.snapshot();
      try {
        ship(shipped);
        UpdateRequest optimize = new UpdateRequest();
        optimize.setAction(AbstractUpdateRequest.ACTION.OPTIMIZE, true, true,
            maxSegmentsPerShard);
        Retry.withRetries(FORCE_MERGE_TIMEOUT, () -> optimize.process(client, solr.collection()));
        pending.removeShipped(shipped);
        return replicaFiles().segments();
      } catch (SolrServerException | IOException | SolrException e) {
        throw new IndexStorageException("force merge", location, e);
      }
    }
  }

  /**
   * Returns how many segments the collection has, summed over shards (for each shard, the most
   * any of its active replicas holds): each is one more graph walk per partition searched.
   *
   * @return the segment count
   * @throws IndexStorageException if the cluster cannot be reached
   * @throws IllegalStateException if the index is closed
   */
  public long segmentCount() {
    requireOpen();
    try {
      return replicaFiles().segments();
    } catch (SolrServerException | IOException | SolrException e) {
      throw new IndexStorageException("count segments", location, e);
    }
  }

  /**
   * Returns the live count (Solr's committed templates corrected by the pending changes), the
   * deleted templates still on disk (for each shard the most that any of its replicas holds,
   * plus pending deletes of committed templates) and the index size summed over every replica.
   */
  @Override
  public IndexStats stats() {
    requireOpen();
    List<PendingChanges.Change> changes = pending.snapshot();
    try {
      long committed = count(TEMPLATES_ONLY);
      Set<Long> existing = committedIds(changes);
      long puts = changes.stream().filter(c -> c.isDelete() == false).count();
      long pendingDeletes = changes.stream()
          .filter(c -> c.isDelete() && existing.contains(c.id())).count();
      ReplicaFiles files = replicaFiles();
      return new IndexStats(committed - existing.size() + puts,
          files.deletedDocs() + pendingDeletes, config.dimension(), files.bytes());
    } catch (SolrServerException | IOException | SolrException e) {
      throw new IndexStorageException("stats", location, e);
    }
  }

  @Override
  public int dimension() {
    return config.dimension();
  }

  /**
   * Discards pending changes, frees the writer lock and closes the connections. The collection
   * and its committed templates stay in the cluster.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending.clear();
    searcher.close();
    shipper.shutdownNow();
    Exception failure = null;
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (KeeperException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failure = e;
    }
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      failure = addSuppressed(failure, e);
    }
    if (failure != null) {
      throw new IndexStorageException("close", location, failure);
    }
  }

  // ---- Solr requests ---------------------------------------------------------------------------

  private long count(String filter) throws SolrServerException, IOException {
    SolrQuery q = new SolrQuery("*:*");
    q.addFilterQuery(filter);
    q.setRows(0);
    return read(() -> client.query(solr.collection(), q)).getResults().getNumFound();
  }

  /** Returns which ids of the pending changes Solr holds committed templates for. */
  private Set<Long> committedIds(List<PendingChanges.Change> changes)
      throws SolrServerException, IOException {
    Set<Long> found = new HashSet<>();
    if (changes.isEmpty()) {
      return found;
    }
    SolrQuery q = new SolrQuery("{!terms f=" + ID + "}" + changes.stream()
        .map(c -> Long.toString(c.id())).collect(Collectors.joining(",")));
    q.addFilterQuery(TEMPLATES_ONLY);
    q.setFields(ID);
    q.setRows(changes.size());
    QueryResponse response = read(() -> client.query(solr.collection(), q, SolrRequest.METHOD.POST));
    for (SolrDocument doc : response.getResults()) {
      found.add(Long.parseLong((String) doc.getFieldValue(ID)));
    }
    return found;
  }

  private long readSequence() throws SolrServerException, IOException {
    SolrQuery q = new SolrQuery(ID + ":" + ClientUtils.escapeQueryChars(META_ID));
    q.setFields(SEQUENCE);
    List<SolrDocument> docs = read(() -> client.query(solr.collection(), q)).getResults();
    if (docs.isEmpty() || docs.getFirst().getFieldValue(SEQUENCE) == null) {
      return -1;
    }
    return ((Number) docs.getFirst().getFieldValue(SEQUENCE)).longValue();
  }

  /**
   * Sends the changes in batches, {@value #SHIP_CONCURRENCY} requests in flight while this thread
   * builds the next: every request is an idempotent upsert or delete by id, and each id appears
   * once, so their order does not matter. Waits for every request, even after one failed.
   */
  private void ship(List<PendingChanges.Change> changes) throws SolrServerException, IOException {
    Map<String, ModelBasis> projections = prepareBases(changes);
    Deque<Future<?>> inFlight = new ArrayDeque<>();
    Exception failure = null;
    for (int start = 0; start < changes.size() && failure == null; start += solr.batchSize()) {
      UpdateRequest batch = new UpdateRequest();
      for (PendingChanges.Change change : changes.subList(start,
          Math.min(start + solr.batchSize(), changes.size()))) {
        if (change.isDelete()) {
          batch.deleteById(Long.toString(change.id()));
        } else {
          batch.add(document(change.vector(), projections.get(change.vector().modelId())));
        }
      }
      if (inFlight.size() == SHIP_CONCURRENCY) {
        failure = awaitShipped(inFlight.removeFirst(), failure);
      }
      inFlight.addLast(shipper.submit(() -> {
        write(batch);
        return null;
      }));
    }
    while (inFlight.isEmpty() == false) {
      failure = awaitShipped(inFlight.removeFirst(), failure);
    }
    if (failure instanceof SolrServerException solrServer) {
      throw solrServer;
    } else if (failure instanceof IOException io) {
      throw io;
    } else if (failure instanceof RuntimeException runtime) {
      throw runtime;
    } else if (failure != null) {
      throw new IOException(failure);
    }
  }

  /**
   * Returns the basis of each model the changes add templates of, fitting and recording one for
   * each model that has none yet once its committed and added templates number at least {@link
   * Subspace#MIN_SAMPLE}; models without a basis are left out. Only a writer ships adds, so only a
   * writer fits, and the basis is in ZooKeeper before any document that uses it is sent.
   */
  private Map<String, ModelBasis> prepareBases(List<PendingChanges.Change> changes)
      throws SolrServerException, IOException {
    Map<String, ModelBasis> projections = new HashMap<>();
    if (layout.reducedGraphs() == false) {
      return projections;
    }
    Map<String, List<IndexedVector>> added = new HashMap<>();
    for (PendingChanges.Change change : changes) {
      if (change.isDelete() == false) {
        added.computeIfAbsent(change.vector().modelId(), m -> new ArrayList<>())
            .add(change.vector());
      }
    }
    try {
      for (Map.Entry<String, List<IndexedVector>> model : added.entrySet()) {
        Optional<Optional<ModelBasis>> decision = bases.decision(model.getKey());
        Optional<ModelBasis> basis = decision.isPresent() ? decision.get()
            : fitBasis(model.getKey(), model.getValue(), changes);
        basis.ifPresent(b -> projections.put(model.getKey(), b));
      }
    } catch (KeeperException e) {
      throw new IOException("cannot read or record a model's basis in ZooKeeper", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while preparing a model's basis", e);
    }
    return projections;
  }

  /**
   * Fits and records a model's basis from the templates about to be added and (up to {@link
   * Subspace#MAX_SAMPLE} in all) its committed ones, read back from their float32 doc values, if
   * they number at least {@link Subspace#MIN_SAMPLE}; records "none" if reducing does not pay.
   *
   * @return the basis, or empty if there is none (yet, or for good)
   */
  private Optional<ModelBasis> fitBasis(String model, List<IndexedVector> added,
      List<PendingChanges.Change> changes)
      throws SolrServerException, IOException, KeeperException, InterruptedException {
    String ofModel = MODEL + ":" + ClientUtils.escapeQueryChars(model);
    long committed = count(ofModel);
    if (committed + added.size() < Subspace.MIN_SAMPLE) {
      return Optional.empty();
    }
    // Subspace.fit reads at most MAX_SAMPLE of these, evenly spaced.
    List<float[]> sample = new ArrayList<>(added.size());
    for (IndexedVector vector : added) {
      sample.add(vector.vector());
    }
    Set<String> full = new TreeSet<>();
    if (committed > 0) {
      Set<Long> changed = changes.stream().map(PendingChanges.Change::id)
          .collect(Collectors.toSet());
      SolrQuery q = new SolrQuery("*:*");
      q.addFilterQuery(ofModel);
      q.setFields(ID, TemplateSearcher.TEMPLATE);
      q.setRows((int) Math.min(committed, Subspace.MAX_SAMPLE));
      for (SolrDocument doc : read(() -> client.query(solr.collection(), q,
          SolrRequest.METHOD.POST)).getResults()) {
        if (changed.contains(Long.parseLong((String) doc.getFieldValue(ID))) == false) {
          sample.add(TemplateSearcher.template((byte[]) doc.getFieldValue(
              TemplateSearcher.TEMPLATE)));
        }
      }
      full.addAll(collectionsOf(ofModel));
    }
    return bases.record(model, ModelBasis.fit(sample, config.dimension(), full));
  }

  private Set<String> collectionsOf(String filter) throws SolrServerException, IOException {
    SolrQuery q = new SolrQuery("*:*");
    q.addFilterQuery(filter);
    q.setRows(0);
    q.setFacet(true);
    q.addFacetField(COLLECTION);
    q.setFacetLimit(-1);
    q.setFacetMinCount(1);
    Set<String> collections = new TreeSet<>();
    FacetField field = read(() -> client.query(solr.collection(), q)).getFacetField(COLLECTION);
    if (field != null && field.getValues() != null) {
      field.getValues().forEach(c -> collections.add(c.getName()));
    }
    return collections;
  }

  private static Exception awaitShipped(Future<?> request, Exception failure) {
    try {
      request.get();
      return failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return addSuppressed(failure, new IOException("interrupted while shipping changes", e));
    } catch (ExecutionException e) {
      return addSuppressed(failure,
          e.getCause() instanceof Exception cause ? cause : new IOException(e.getCause()));
    }
  }

  private void hardCommit(boolean expungeDeletes) throws SolrServerException, IOException {
    UpdateRequest commit = new UpdateRequest();
    // waitFlush and waitSearcher: when this returns, the commit is on disk and searchable.
    commit.setAction(AbstractUpdateRequest.ACTION.COMMIT, true, true, 1, false, expungeDeletes);
    write(commit);
  }

  private void write(UpdateRequest request) throws SolrServerException, IOException {
    Retry.withRetries(solr.retryTimeout(), () -> request.process(client, solr.collection()));
  }

  private <T> T read(Retry.Call<T> call) throws SolrServerException, IOException {
    return Retry.withRetries(solr.retryTimeout().dividedBy(2), call);
  }

  private ReplicaFiles replicaFiles() throws SolrServerException, IOException {
    return ReplicaFiles.of(client, solr.collection(), solr.retryTimeout().dividedBy(2));
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Returns a template's document: its graph copy is projected when its model has a basis. */
  private SolrInputDocument document(IndexedVector vector, ModelBasis basis) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.addField(ID, Long.toString(vector.id()));
    doc.addField(MODEL, vector.modelId());
    doc.addField(COLLECTION, vector.collection());
    float[] template = vector.vector();
    if (basis == null) {
      doc.addField(GraphFields.name(vector.modelId(), vector.collection()),
          layout.graphValues(template));
    } else {
      doc.addField(GraphFields.reducedName(basis.dimension(), vector.modelId(),
          vector.collection()), basis.graphValues(template));
    }
    if (layout.rescores()) {
      doc.addField(TemplateSearcher.TEMPLATE, TemplateSearcher.templateBytes(template));
    }
    return doc;
  }

  private void requireLock() throws KeeperException, InterruptedException, IOException {
    if (lock.isHeld() == false) {
      throw new IOException("this writer lost its lock on the collection (ZooKeeper session "
          + "expired); reopen the index");
    }
  }

  private void requireWriter(String operation) {
    requireOpen();
    if (lock == null) {
      throw new IllegalStateException("cannot " + operation + " in " + location
          + ": another node is the collection's writer; this one only searches");
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the index in " + location + " is closed");
    }
  }

  /** Creates the collection if it does not exist, and returns its layout. */
  private static TemplateLayout ensureCollection(CloudSolrClient client, SolrZkClient zk,
      SolrIndexConfig solr, IndexConfig config, Path location)
      throws SolrServerException, IOException, KeeperException, InterruptedException,
      TimeoutException {
    List<String> existing = CollectionAdminRequest.listCollections(client);
    String configName = ConfigSet.nameFor(solr.collection());
    if (existing.contains(solr.collection())) {
      Optional<TemplateLayout> layout = ConfigSet.readLayout(zk, configName);
      if (layout.isEmpty()) {
        throw new IOException("the collection holds templates in one graph, the layout of earlier"
            + " Candor versions; rebuild the index into a new collection (candor index rebuild"
            + " --index solr --solr-collection NEW ...)");
      }
      int stored = storedDimension(client, solr.collection());
      if (stored != config.dimension()) {
        throw new DimensionMismatchException(config.dimension(), stored, "index in " + location);
      }
      return layout.get();
    }
    TemplateLayout layout = TemplateLayout.forConfig(config);
    ConfigSet.upload(zk, configName, config, layout);
    CollectionAdminRequest.Create create = CollectionAdminRequest.createCollection(
        solr.collection(), configName, solr.shards(), solr.replicas());
    create.setWaitForFinalState(true);
    create.process(client);
    // Creation returns once the cores exist; searches need them active.
    ZkClientClusterStateProvider.from(client).getZkStateReader().waitForState(solr.collection(), CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS,
        (liveNodes, state) -> state != null
            && state.getActiveSlices().size() == solr.shards()
            && state.getReplicas().stream().allMatch(r -> r.isActive(liveNodes)));
    return layout;
  }

  private static int storedDimension(CloudSolrClient client, String collection)
      throws SolrServerException, IOException {
    Object dimension = new SchemaRequest.FieldType(ConfigSet.GRAPH_TYPE).process(client, collection)
        .getFieldType().getAttributes().get("vectorDimension");
    return Integer.parseInt(dimension.toString());
  }

  private static void closeAfterFailedOpen(Exception primary, CloudSolrClient client,
      WriterLock lock) {
    try {
      if (lock != null) {
        lock.release();
      }
    } catch (KeeperException | InterruptedException | RuntimeException e) {
      primary.addSuppressed(e);
    }
    try {
      if (client != null) {
        client.close();
      }
    } catch (IOException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  private static Exception addSuppressed(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /**
   * Returns the basis a model's templates are projected onto, reading it from ZooKeeper if this
   * instance has not yet; {@code null} if the model has none.
   */
  ModelBasis basis(String model) {
    try {
      return bases.basis(model);
    } catch (KeeperException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IndexStorageException("read a model's basis", location, e);
    }
  }

  @Override
  public String toString() {
    return "SolrVectorIndex[" + location + ", dimension=" + config.dimension() + "]";
  }
}
