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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.response.FacetField;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.util.ClientUtils;
import org.apache.solr.common.SolrDocument;

/**
 * Searches a template collection: one {@code knn} query per (model, collection) partition
 * searched (see {@link GraphFields}), the partitions in parallel, their hits merged best first.
 *
 * <p>Each partition query asks Solr's graphs for {@link IndexConfig#candidates(int)} neighbours
 * (Solr merges every segment's and shard's) and takes back the best {@link
 * IndexConfig#rescored(int)} of them with their float32 templates, whose exact dot products with
 * the probe replace the int8 estimates, as the embedded index rescores each graph's best
 * candidates. Graphs over float32 templates score exactly already: then only the best {@code k}
 * come back, with their scores. A search over all collections first asks which collections hold
 * templates of the model (a facet on the collection field).
 *
 * <p>Thread-safe. Owns a small pool of daemon threads for the partition queries; {@link
 * #close()} stops it.
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
  // The partition queries wait on the cluster, which does the work: a few threads are enough to
  // keep every shard busy for a search over several collections.
  private static final int FAN_OUT_THREADS = 4;

  private final CloudSolrClient client;
  private final String collection;
  private final IndexConfig config;
  private final TemplateLayout layout;
  private final Duration retryTimeout;
  private final ExecutorService fanOut;

  TemplateSearcher(CloudSolrClient client, String collection, IndexConfig config,
      TemplateLayout layout, Duration retryTimeout) {
    this.client = client;
    this.collection = collection;
    this.config = config;
    this.layout = layout;
    this.retryTimeout = retryTimeout;
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
    Map<String, String> partitions = partitions(request);
    List<SearchHit> hits = new ArrayList<>();
    if (partitions.size() == 1) {
      Map.Entry<String, String> only = partitions.entrySet().iterator().next();
      hits.addAll(searchPartition(only.getKey(), only.getValue(), probe, request.k(), pending));
    } else if (partitions.isEmpty() == false) {
      List<Future<List<SearchHit>>> futures = new ArrayList<>();
      for (Map.Entry<String, String> partition : partitions.entrySet()) {
        futures.add(fanOut.submit(() -> searchPartition(partition.getKey(),
            partition.getValue(), probe, request.k(), pending)));
      }
      for (Future<List<SearchHit>> future : futures) {
        hits.addAll(await(future));
      }
    }
    hits.sort(BEST_FIRST);
    return hits.subList(0, Math.min(request.k(), hits.size()));
  }

  /** Returns the partitions to search: graph field name to collection. */
  private Map<String, String> partitions(SearchRequest request)
      throws SolrServerException, IOException {
    Map<String, String> partitions = new LinkedHashMap<>();
    if (request.collections().isEmpty() == false) {
      for (String c : request.collections().stream().sorted().toList()) {
        partitions.put(GraphFields.name(request.modelId(), c), c);
      }
      return partitions;
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
        partitions.put(GraphFields.name(request.modelId(), c.getName()), c.getName());
      }
    }
    return partitions;
  }

  private List<SearchHit> searchPartition(String field, String partitionCollection, float[] probe,
      int k, List<PendingChanges.Change> pending) throws SolrServerException, IOException {
    SolrQuery q = new SolrQuery("{!knn f=" + field + " topK=" + config.candidates(k) + "}"
        + layout.queryText(probe));
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
    q.set("omitHeader", true);
    // POST: the probe and the pending ids can exceed a URL's length.
    QueryResponse response = read(() -> client.query(collection, q, SolrRequest.METHOD.POST));
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

  /** Stops the partition query threads. */
  @Override
  public void close() {
    fanOut.shutdownNow();
  }
}
