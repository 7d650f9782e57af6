package candor.index.solr;

import candor.index.IndexConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.zookeeper.KeeperException;

/**
 * The Solr config set of a template collection: {@code schema.xml} with the dimension and HNSW
 * settings of an {@link IndexConfig}, and a {@code solrconfig.xml} without automatic commits.
 *
 * <p>Uploaded straight into ZooKeeper under {@code /configs/NAME}, as {@code bin/solr zk
 * upconfig} does, rather than through the ConfigSets API, which marks uploads by
 * unauthenticated clients as untrusted.
 *
 * <p>Solr 9.10 offers no scalar-quantized dense vector field (its codec factory always builds
 * Lucene's float32 {@code Lucene99HnswVectorsFormat}), so {@link IndexConfig#quantized()} has no
 * effect here: the graph holds float32 vectors, four times the memory of Candor's int8 Lucene
 * index.
 */
final class ConfigSet {

  /** The schema's vector field. */
  static final String VECTOR_FIELD = "vector";

  private static final String[] FILES = {"schema.xml", "solrconfig.xml"};

  private ConfigSet() {}

  /**
   * Returns the config set name of a collection; one per collection, because the schema carries
   * that collection's dimension and graph settings.
   */
  static String nameFor(String collection) {
    return "candor-" + collection;
  }

  /** Writes the config set's files into ZooKeeper, replacing any older version. */
  static void upload(SolrZkClient zk, String name, IndexConfig config)
      throws KeeperException, InterruptedException {
    Map<String, String> values = Map.of(
        "@DIMENSION@", Integer.toString(config.dimension()),
        "@MAX_CONNECTIONS@", Integer.toString(config.maxConnections()),
        "@BEAM_WIDTH@", Integer.toString(config.beamWidth()));
    for (String file : FILES) {
      String text = resource(file);
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace(value.getKey(), value.getValue());
      }
      String path = "/configs/" + name + "/" + file;
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      if (zk.exists(path, true)) {
        zk.setData(path, bytes, true);
      } else {
        zk.makePath(path, bytes, true);
      }
    }
  }

  private static String resource(String file) {
    try (InputStream in = ConfigSet.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource candor/index/solr/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + file, e);
    }
  }
}
