package candor.index.solr;

import candor.index.IndexConfig;
import candor.index.IndexedVector;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.cloud.ClusterState;
import org.apache.solr.common.cloud.DocCollectionWatcher;
import org.apache.solr.common.cloud.ZkStateReader;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.zookeeper.KeeperException;

/**
 * Searches a template collection: one {@code knn} query per (model, collection) partition
 * searched (see {@link GraphFields}) and shard, all in parallel, their hits merged best first, as
 * the embedded index searches each partition's graph in each segment.
 *
 * <p>Each query goes to one live replica of its shard ({@code distrib=false}), picked at random,
 * and asks that shard's graphs for {@link IndexConfig#candidates(int)} neighbours; it takes back
 * the best {@link IndexConfig#rescored(int)} of them with their float32 templates, whose exact dot
 * products with the probe replace the int8 estimates. Graphs over float32 templates score exactly
 * already: then only the best {@code k} come back, with their scores. A search over all
 * collections first asks which collections hold templates of the model (a facet on the
 * collection field).
 *
 * <p>A model with a {@link ModelBasis} has its templates' projected copies in the reduced graph
 * field of each partition; the probe is projected with the same basis. Collections that held
 * templates of the model before its basis was fitted ({@link ModelBasis#fullCollections()}) also
 * have some in the full-size field, which is walked as well; both fields' candidates are rescored
 * exactly, so their hits merge as those of two partitions do.
 *
 * <p>Why this client merges the shards rather than Solr: a distributed Solr query costs five
 * requests (to the aggregating node, then two phases to every shard), and its CPU per search was
 * 25 ms against 3 ms for the two graph walks (100,000 faces, 2 shards, 500 candidates); one
 * request per shard leaves the walks as the main cost, and rescoring each shard's best candidates
 * (rather than the best of all shards by their int8 estimates) matches the embedded index.
 *
 * <p>Thread-safe. Owns a small pool of daemon threads for the queries; {@link #close()} stops
 * it.
 */
final class TemplateSearcher implements AutoCloseable {

  /** The stored float32 template of each document, little-endian, when the graphs are int8. */
  static final String TEMPLATE = "template";

  private static final String ID = "id";
  private static final String MODEL = "model";
  private static final String COLLECTION = "collection";
  private static final String SCORE = "score";
  private static final Comparator<SearchHit> BEST_FIRST =
      Comparator.comparingDouble((SearchHit hit) -> hit.score()).reversed()
          .thenComparingLong(SearchHit::id);
  // The queries wait on the cluster, which does the work: a few threads are enough to keep every
  // shard busy for a search over several collections.
  private static final int FAN_OUT_THREADS = 8;

  private final CloudSolrClient client;
  private final String collection;
  private final IndexConfig config;
  private final TemplateLayout layout;
  private final ModelBases bases;
  private final Duration retryTimeout;
  private final ExecutorService fanOut;
  private final ZkStateReader state;
  // Keeps the collection's state (shards, replicas) watched, so that reading it per search is a
  // map lookup; without a watch SolrJ would fetch it from ZooKeeper every few seconds.
  private final DocCollectionWatcher watch = collectionState -> false;

  TemplateSearcher(CloudSolrClient client, ZkStateReader state, String collection,
      IndexConfig config, TemplateLayout layout, ModelBases bases, Duration retryTimeout) {
    this.client = client;
    this.state = state;
    this.collection = collection;
    this.config = config;
    this.layout = layout;
    this.bases = bases;
    this.retryTimeout = retryTimeout;
    state.registerDocCollectionWatcher(collection, watch);
    AtomicInteger threads = new AtomicInteger();
    this.fanOut = Executors.newFixedThreadPool(FAN_OUT_THREADS, task -> {
      Thread thread = new Thread(task, "candor-solr-search-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Returns the best {@code k} committed templates Solr holds for the request, leaving out the
   * ids of pending changes (Solr's copies of them are stale), with exact cosine scores.
   */
  List<SearchHit> search(SearchRequest request, List<PendingChanges.Change> pending)
      throws SolrServerException, IOException {
    float[] probe = request.query();
    List<String> partitions = partitions(request);
    List<SearchHit> hits = new ArrayList<>();
    if (partitions.isEmpty()) {
      return hits;
    }
    ModelBasis basis = basis(request.modelId());
    String fullText = layout.queryText(probe);
    String reducedText = basis == null ? null : basis.queryText(probe);
    List<Slice> shards = List.copyOf(shards());
    List<Callable<List<SearchHit>>> queries = new ArrayList<>();
    for (String partition : partitions) {
      List<SolrParams> walks = new ArrayList<>(2);
      if (basis == null || basis.fullCollections().contains(partition)) {
        walks.add(params(GraphFields.name(request.modelId(), partition), fullText, request.k(),
            pending));
      }
      if (basis != null) {
        walks.add(params(GraphFields.reducedName(basis.dimension(), request.modelId(), partition),
            reducedText, request.k(), pending));
      }
      for (SolrParams params : walks) {
        for (Slice shard : shards) {
          queries.add(() -> searchShard(shard.getName(), params, probe, partition));
        }
      }
    }
    // The calling thread runs the last query itself rather than wait idle.
    List<Future<List<SearchHit>>> futures = new ArrayList<>();
    for (Callable<List<SearchHit>> query : queries.subList(0, queries.size() - 1)) {
      futures.add(fanOut.submit(query));
    }
    try {
      hits.addAll(queries.getLast().call());
    } catch (SolrServerException | IOException | RuntimeException e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
    for (Future<List<SearchHit>> future : futures) {
      hits.addAll(await(future));
    }
    hits.sort(BEST_FIRST);
    return hits.subList(0, Math.min(request.k(), hits.size()));
  }

  /** Returns the model's basis, or {@code null} if its templates are all in full-size graphs. */
  private ModelBasis basis(String model) throws IOException {
    if (layout.reducedGraphs() == false) {
      return null;
    }
    try {
      return bases.basis(model);
    } catch (KeeperException e) {
      throw new IOException("cannot read the basis of model " + model + " from ZooKeeper", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the basis of model " + model, e);
    }
  }

  /** Returns the collections to search, sorted. */
  private List<String> partitions(SearchRequest request)
      throws SolrServerException, IOException {
    List<String> partitions = new ArrayList<>();
    if (request.collections().isEmpty() == false) {
      return request.collections().stream().sorted().toList();
    }
    SolrQuery q = new SolrQuery("*:*");
    q.addFilterQuery(MODEL + ":" + ClientUtils.escapeQueryChars(request.modelId()));
    q.setRows(0);
    q.setFacet(true);
    q.addFacetField(COLLECTION);
    q.setFacetLimit(-1);
    q.setFacetMinCount(1);
    FacetField field = read(() -> client.query(collection, q)).getFacetField(COLLECTION);
    if (field != null && field.getValues() != null) {
      for (FacetField.Count c : field.getValues()) {
        partitions.add(c.getName());
      }
    }
    return partitions;
  }

  /** The query of one partition, the same for every shard. */
  private SolrParams params(String field, String probeText, int k,
      List<PendingChanges.Change> pending) {
    SolrQuery q = new SolrQuery("{!knn f=" + field + " topK=" + config.candidates(k) + "}"
        + probeText);
    if (pending.isEmpty() == false) {
      // Solr's copy of a pending id is stale (replaced or deleted); the pending one counts. Solr
      // applies filter queries before the graph walk, so this one costs no recall.
      q.addFilterQuery("{!bool must_not=$pending cache=false}");
      q.set("pending", "{!terms f=" + ID + " cache=false}" + pending.stream()
          .map(c -> Long.toString(c.id())).collect(Collectors.joining(",")));
    }
    if (layout.rescores()) {
      q.setFields(ID, TEMPLATE);
      q.setRows(config.rescored(k));
    } else {
      q.setFields(ID, SCORE);
      q.setRows(k);
    }
    // This shard's hits only: the client merges the shards.
    q.set(CommonParams.DISTRIB, false);
    q.set(CommonParams.OMIT_HEADER, true);
    return q;
  }

  /** Runs a partition's query on a live replica of one shard, retrying on another if it fails. */
  private List<SearchHit> searchShard(String shard, SolrParams params, float[] probe,
      String partitionCollection) throws SolrServerException, IOException {
    // POST: the probe and the pending ids can exceed a URL's length.
    QueryRequest request = new QueryRequest(params, SolrRequest.METHOD.POST);
    QueryResponse response = read(() -> {
      Replica replica = liveReplica(shard);
      return ((CloudHttp2SolrClient) client).getHttpClient()
          .requestWithBaseUrl(replica.getBaseUrl(), replica.getCoreName(), request);
    });
    List<SearchHit> hits = new ArrayList<>(response.getResults().size());
    for (SolrDocument doc : response.getResults()) {
      long id = Long.parseLong((String) doc.getFieldValue(ID));
      float score = layout.rescores()
          ? exactCosine(probe, (byte[]) doc.getFieldValue(TEMPLATE), id)
          : cosineOfScore(((Number) doc.getFieldValue(SCORE)).floatValue());
      hits.add(new SearchHit(id, score, partitionCollection));
    }
    return hits;
  }

  /** Returns the collection's active shards. */
  private Collection<Slice> shards() throws IOException {
    DocCollection state = client.getClusterState().getCollectionOrNull(collection);
    if (state == null) {
      throw new IOException("the cluster has no collection " + collection);
    }
    return state.getActiveSlices();
  }

  /**
   * Picks one active replica on a live node of a shard, at random so that searches spread over
   * the replicas.
   *
   * @throws IOException if the shard has none, so that the search fails (or is retried) rather
   *     than miss a shard's templates
   */
  private Replica liveReplica(String shard) throws IOException {
    ClusterState cluster = client.getClusterState();
    DocCollection state = cluster.getCollectionOrNull(collection);
    Slice slice = state == null ? null : state.getSlice(shard);
    List<Replica> live = slice == null ? List.of() : slice.getReplicas().stream()
        .filter(r -> r.isActive(cluster.getLiveNodes())).toList();
    if (live.isEmpty()) {
      throw new IOException("no live replica of " + collection + "/" + shard);
    }
    return live.get(ThreadLocalRandom.current().nextInt(live.size()));
  }

  /** Returns whether a pending template belongs in the request's results. */
  static boolean matches(IndexedVector vector, SearchRequest request) {
    return vector.modelId().equals(request.modelId())
        && (request.collections().isEmpty() || request.collections().contains(vector.collection()));
  }

  /** Returns a template as the little-endian float32 bytes the template field stores. */
  static byte[] templateBytes(float[] template) {
    ByteBuffer bytes = ByteBuffer.allocate(template.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(template);
    return bytes.array();
  }

  /** Returns the float32 template of the bytes {@link #templateBytes} made. */
  static float[] template(byte[] bytes) {
    float[] template = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(template);
    return template;
  }

  /** The exact dot product, clamped: unit vectors within the norm tolerance can exceed 1. */
  static float exactCosine(float[] a, float[] b) {
    float dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return Math.max(-1f, Math.min(1f, dot));
  }

  private static float exactCosine(float[] probe, byte[] template, long id) throws IOException {
    if (template == null || template.length != probe.length * Float.BYTES) {
      throw new IOException("template " + id + " has no float32 template of dimension "
          + probe.length + " in the cluster");
    }
    FloatBuffer values = ByteBuffer.wrap(template).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float dot = 0;
    for (int i = 0; i < probe.length; i++) {
      dot += probe[i] * values.get(i);
    }
    return Math.max(-1f, Math.min(1f, dot));
  }

  /**
   * Turns Lucene's dot-product score of unit float vectors, {@code (1 + dot) / 2}, back into the
   * cosine; exact up to float rounding (about 1e-7).
   */
  private static float cosineOfScore(float score) {
    return Math.max(-1f, Math.min(1f, 2 * score - 1));
  }

  private <T> T read(Retry.Call<T> call) throws SolrServerException, IOException {
    return Retry.withRetries(retryTimeout, call);
  }

  private static List<SearchHit> await(Future<List<SearchHit>> future)
      throws SolrServerException, IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while searching", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SolrServerException solr) {
        throw solr;
      } else if (e.getCause() instanceof IOException io) {
        throw io;
      } else if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(e.getCause());
    }
  }

  /** Stops the query threads and the watch on the collection's state. */
  @Override
  public void close() {
    fanOut.shutdownNow();
    state.removeDocCollectionWatcher(collection, watch);
  }
}
