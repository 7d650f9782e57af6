package candor.index.solr;

import candor.index.IndexConfig;
import candor.index.subspace.Subspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.zookeeper.KeeperException;

/**
 * The Solr config set of a template collection: {@code schema.xml} with the dimension, graph
 * encoding and HNSW settings of an {@link IndexConfig} (and, with reduced graphs, one field type
 * per dimension a {@link ModelBasis} may have), a {@code solrconfig.xml} without
 * automatic commits, and {@value #LAYOUT_FILE}, which records the {@link TemplateLayout} the
 * collection was created with.
 *
 * <p>Uploaded straight into ZooKeeper under {@code /configs/NAME}, as {@code bin/solr zk
 * upconfig} does, rather than through the ConfigSets API, which marks uploads by
 * unauthenticated clients as untrusted.
 */
final class ConfigSet {

  /** The schema's field type of every graph field. */
  static final String GRAPH_TYPE = "graph";

  /** The file of the config set that records the layout; Solr itself ignores it. */
  static final String LAYOUT_FILE = "candor-layout.properties";

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
  static void upload(SolrZkClient zk, String name, IndexConfig config, TemplateLayout layout)
      throws KeeperException, InterruptedException {
    Map<String, String> values = Map.of(
        "@DIMENSION@", Integer.toString(config.dimension()),
        "@ENCODING@", layout.graph().solrEncoding(),
        "@MAX_CONNECTIONS@", Integer.toString(config.maxConnections()),
        "@BEAM_WIDTH@", Integer.toString(config.beamWidth()),
        "@REDUCED_GRAPHS@", reducedGraphs(config, layout));
    for (String file : FILES) {
      String text = resource(file);
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace(value.getKey(), value.getValue());
      }
      write(zk, "/configs/" + name + "/" + file, text);
    }
    // Last: a config set with this file is complete.
    write(zk, "/configs/" + name + "/" + LAYOUT_FILE, layout.toProperties());
  }

  /**
   * Returns the schema lines of the reduced graph fields: for each dimension a basis can have
   * (multiples of {@link Subspace#DIMENSION_STEP} up to half the template dimension, as {@link
   * Subspace#fit} keeps), a byte vector type {@code reducedD} and the dynamic
   * field {@code rD_*}, with the HNSW settings of the full-size graphs.
   */
  private static String reducedGraphs(IndexConfig config, TemplateLayout layout) {
    StringBuilder lines = new StringBuilder();
    if (layout.reducedGraphs() == false) {
      return "";
    }
    for (int d = Subspace.DIMENSION_STEP; d <= config.dimension() / 2;
        d += Subspace.DIMENSION_STEP) {
      lines.append("  <dynamicField name=\"").append(GraphFields.REDUCED_PREFIX).append(d)
          .append("_*\" type=\"reduced").append(d)
          .append("\" indexed=\"true\" stored=\"false\"/>\n");
      lines.append("  <fieldType name=\"reduced").append(d)
          .append("\" class=\"solr.DenseVectorField\" vectorDimension=\"").append(d)
          .append("\" vectorEncoding=\"BYTE\" similarityFunction=\"dot_product\"")
          .append(" knnAlgorithm=\"hnsw\" hnswMaxConnections=\"")
          .append(config.maxConnections()).append("\" hnswBeamWidth=\"")
          .append(config.beamWidth()).append("\"/>\n");
    }
    return lines.toString();
  }

  /**
   * Reads the layout recorded in a config set.
   *
   * @return the layout, or empty if the config set has none (made before layouts were recorded,
   *     when one graph held every template)
   * @throws IllegalStateException if the recorded layout cannot be read
   */
  static Optional<TemplateLayout> readLayout(SolrZkClient zk, String name)
      throws KeeperException, InterruptedException {
    String path = "/configs/" + name + "/" + LAYOUT_FILE;
    if (zk.exists(path, true) == false) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(
          new String(zk.getData(path, null, null, true), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    return Optional.of(TemplateLayout.fromProperties(properties, path));
  }

  private static void write(SolrZkClient zk, String path, String text)
      throws KeeperException, InterruptedException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (zk.exists(path, true)) {
      zk.setData(path, bytes, true);
    } else {
      zk.makePath(path, bytes, true);
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
