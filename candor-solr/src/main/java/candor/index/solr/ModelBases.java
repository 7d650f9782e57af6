package candor.index.solr;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The {@link ModelBasis} of each face model of a template collection, kept in ZooKeeper beside
 * the config set's layout file ({@code /configs/NAME/candor-basis-HEXMODEL}) and cached here.
 *
 * <p>A model's node is written once, by the writer, and never changed: it holds the basis, or
 * nothing when the writer found that reducing the model's templates does not pay (then they stay
 * in the full-size graph fields for good). So a decision, once read, is cached for the life of
 * the index. A model without a node yet is remembered as undecided with a ZooKeeper watch on the
 * node's path, so that searches cost no ZooKeeper request until the writer records the decision
 * (the watch fires, and the next call reads the node). Until the first search after that, a
 * searching node walks only the full-size graphs, which still hold every template committed
 * before the basis: it misses at most the templates of the commit that recorded it, for about
 * the time a ZooKeeper notification takes.
 *
 * <p>Thread-safe.
 */
final class ModelBases {

  private static final String PREFIX = "candor-basis-";
  private static final HexFormat HEX = HexFormat.of();

  private final SolrZkClient zk;
  private final String configPath;
  private final int dimension;
  // Model to decision: a basis, or empty when reducing does not pay. Absent: not decided yet.
  private final ConcurrentMap<String, Optional<ModelBasis>> decided = new ConcurrentHashMap<>();
  // Models found undecided, each with a ZooKeeper watch on its node that removes it from here.
  private final Set<String> undecided = ConcurrentHashMap.newKeySet();

  /**
   * @param zk the cluster's ZooKeeper client
   * @param configName the collection's config set
   * @param dimension the collection's template dimension
   */
  ModelBases(SolrZkClient zk, String configName, int dimension) {
    this.zk = zk;
    this.configPath = "/configs/" + configName;
    this.dimension = dimension;
  }

  /**
   * Returns the decision recorded for a model, reading ZooKeeper unless it is cached.
   *
   * @return empty if none is recorded yet; else the basis, or an empty optional when reducing
   *     does not pay for the model
   */
  Optional<Optional<ModelBasis>> decision(String model)
      throws KeeperException, InterruptedException {
    Optional<ModelBasis> cached = decided.get(model);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (undecided.contains(model)) {
      return Optional.empty();
    }
    String path = path(model);
    // Marked before the watch is set, so that an event arriving before exists() returns clears
    // the mark rather than being overtaken by it. Any event clears it: the node's creation, and
    // equally a lost connection or session, after which the watch may be gone.
    undecided.add(model);
    if (zk.exists(path, event -> undecided.remove(model), true) == null) {
      return Optional.empty();
    }
    undecided.remove(model);
    byte[] bytes;
    try {
      bytes = zk.getData(path, null, null, true);
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    }
    Optional<ModelBasis> read = bytes == null || bytes.length == 0 ? Optional.empty()
        : Optional.of(ModelBasis.fromBytes(bytes, dimension, path));
    decided.putIfAbsent(model, read);
    return Optional.of(decided.get(model));
  }

  /**
   * Returns the basis of a model, or {@code null} when it has none (not yet, or never).
   */
  ModelBasis basis(String model) throws KeeperException, InterruptedException {
    return decision(model).flatMap(d -> d).orElse(null);
  }

  /**
   * Records a model's decision in ZooKeeper; only the writer calls this, before shipping any
   * document that depends on it.
   *
   * @param basis the basis, or {@code null} when reducing does not pay
   * @return the decision now recorded: this one, or one found already there (left by an earlier
   *     writer that failed before committing), which wins since documents may use it
   */
  Optional<ModelBasis> record(String model, ModelBasis basis)
      throws KeeperException, InterruptedException {
    try {
      zk.create(path(model), basis == null ? new byte[0] : basis.toBytes(),
          CreateMode.PERSISTENT, true);
    } catch (KeeperException.NodeExistsException e) {
      decided.remove(model);
      return decision(model).orElseThrow();
    }
    Optional<ModelBasis> recorded = Optional.ofNullable(basis);
    decided.put(model, recorded);
    return recorded;
  }

  private String path(String model) {
    return configPath + "/" + PREFIX + HEX.formatHex(model.getBytes(StandardCharsets.UTF_8));
  }
}
