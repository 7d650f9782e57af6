package candor.index.solr;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a {@link SolrVectorIndex} lives and how it talks to the cluster.
 *
 * @param zkHosts the cluster's ZooKeeper ensemble, each {@code host:port}; not empty. SolrJ
 *     follows the cluster state (live nodes, shard leaders) through ZooKeeper, and the index
 *     keeps its writer lock and config set there.
 * @param zkChroot the ZooKeeper path under which the cluster keeps its state, such as {@code
 *     /solr}, or {@code "/"} for none
 * @param collection the Solr collection holding the templates: letters, digits, {@code _} and
 *     {@code -}, not starting with {@code -}; created with the settings below if absent
 * @param shards how many shards a new collection gets (templates are spread over them by id)
 * @param replicas how many copies of each shard a new collection gets; with 2 or more, the
 *     index goes on working when one node is down
 * @param batchSize how many changes one update request carries when a commit ships them
 * @param retryTimeout how long a write keeps retrying a failed request (a leader election
 *     after a node failure takes a few seconds) before it throws; reads retry half as long
 */
public record SolrIndexConfig(
    List<String> zkHosts,
    String zkChroot,
    String collection,
    int shards,
    int replicas,
    int batchSize,
    Duration retryTimeout) {

  /** Update requests of 500 templates are about 1 MB with 512 dimensions. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /**
   * Long enough for SolrCloud to elect a new shard leader after a node is lost (ZooKeeper
   * notices within seconds when a node shuts down, within its session timeout after a crash).
   */
  public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofSeconds(60);

  // Solr's rule for collection names (SolrIdentifierValidator), so that a bad name fails here.
  private static final Pattern COLLECTION_NAME = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9_\\-]*");

  /**
   * Validates and copies the settings.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a count is not positive, no ZooKeeper host is given, the
   *     chroot does not start with {@code /} or the collection name is not one Solr accepts
   */
  public SolrIndexConfig {
    zkHosts = List.copyOf(Objects.requireNonNull(zkHosts, "zkHosts"));
    if (zkHosts.isEmpty()) {
      throw new IllegalArgumentException("zkHosts must name at least one host:port");
    }
    Objects.requireNonNull(zkChroot, "zkChroot");
    if (zkChroot.startsWith("/") == false) {
      throw new IllegalArgumentException("zkChroot must start with /, got " + zkChroot);
    }
    Objects.requireNonNull(collection, "collection");
    if (COLLECTION_NAME.matcher(collection).matches() == false) {
      throw new IllegalArgumentException("collection must be letters, digits, _ and -, not "
          + "starting with -, got '" + collection + "'");
    }
    requirePositive("shards", shards);
    requirePositive("replicas", replicas);
    requirePositive("batchSize", batchSize);
    Objects.requireNonNull(retryTimeout, "retryTimeout");
    if (retryTimeout.isNegative()) {
      throw new IllegalArgumentException("retryTimeout must not be negative, got " + retryTimeout);
    }
  }

  /**
   * Returns settings for one collection with the default batch size and retry timeout.
   *
   * @param zkHost one ZooKeeper {@code host:port}
   * @param zkChroot the cluster's ZooKeeper chroot, such as {@code /solr}
   * @param collection the collection name
   * @param shards shards of a new collection
   * @param replicas copies of each shard of a new collection
   * @return the configuration
   */
  public static SolrIndexConfig of(String zkHost, String zkChroot, String collection, int shards,
      int replicas) {
    return new SolrIndexConfig(List.of(zkHost), zkChroot, collection, shards, replicas,
        DEFAULT_BATCH_SIZE, DEFAULT_RETRY_TIMEOUT);
  }

  /**
   * Returns a copy with another batch size.
   *
   * @param newBatchSize changes per update request
   * @return the new configuration
   */
  public SolrIndexConfig withBatchSize(int newBatchSize) {
    return new SolrIndexConfig(zkHosts, zkChroot, collection, shards, replicas, newBatchSize,
        retryTimeout);
  }

  /**
   * Returns a copy with another retry timeout.
   *
   * @param newRetryTimeout how long writes retry
   * @return the new configuration
   */
  public SolrIndexConfig withRetryTimeout(Duration newRetryTimeout) {
    return new SolrIndexConfig(zkHosts, zkChroot, collection, shards, replicas, batchSize,
        newRetryTimeout);
  }

  /**
   * Returns a copy for another collection on the same cluster.
   *
   * @param newCollection the collection name
   * @return the new configuration
   */
  public SolrIndexConfig withCollection(String newCollection) {
    return new SolrIndexConfig(zkHosts, zkChroot, newCollection, shards, replicas, batchSize,
        retryTimeout);
  }

  /**
   * Returns how messages and exceptions name this index: the ZooKeeper address, chroot and
   * collection, such as {@code 127.0.0.1:2181/solr/faces}.
   *
   * <p>A path because {@link candor.index.IndexStorageException} names an index by its folder;
   * nothing is read from or written to it locally.
   *
   * @return the index's location
   */
  public Path location() {
    String chroot = zkChroot.equals("/") ? "" : zkChroot;
    return Path.of(String.join(",", zkHosts) + chroot, collection);
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
