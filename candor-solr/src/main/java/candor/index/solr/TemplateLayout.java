package candor.index.solr;

import candor.index.IndexConfig;
import candor.index.Quantization;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * How a template collection stores what its graphs walk: float32 templates, or int8 copies made
 * here (Solr 9.10 quantizes nothing itself) with the float32 templates kept beside them for exact
 * rescoring. Fixed when the collection is created and recorded in its config set, because
 * documents written with one layout are unreadable with another.
 *
 * <p><b>Why int8 copies made by the client.</b> Solr 9.10.1 has no quantized vector field: its
 * codec factory always builds Lucene's float32 {@code Lucene99HnswVectorsFormat} (Solr's {@code
 * ScalarQuantizedDenseVectorField}, SOLR-17780, is not in 9.10.1). Its {@code DenseVectorField}
 * does take {@code vectorEncoding="BYTE"}: graphs over byte vectors, compared by their integer dot
 * product. So each template is scaled by {@link #int8Scale()}, rounded and clamped to ±127; the
 * graph walk compares those copies (a quarter of the bytes of float32), and the best candidates
 * are rescored from the float32 template. Unlike Lucene's own int8 format, which fits its range
 * to each segment's values, the scale is one constant per collection: every application node must
 * quantize probes exactly as the templates were.
 *
 * <p><b>Versions.</b> {@value #FORMAT_VERSION} adds reduced graphs: once a face model has a
 * {@link ModelBasis}, its templates' graphs hold projected int8 copies in reduced fields, whose
 * types the schema must declare when the collection is created. Collections of the previous
 * version ({@value #FORMAT_VERSION_1}, full-size graphs only) stay readable and writable as they
 * were, without reduced graphs; {@code index rebuild} into a new collection gives them.
 *
 * @param graph what the graphs hold
 * @param int8Scale for {@link Graph#INT8}, the factor a template's components are multiplied by
 *     before rounding; ignored for {@link Graph#FLOAT32}
 * @param reducedGraphs whether templates of a model with a basis go to reduced graph fields
 *     (only with {@link Graph#INT8}: they are int8 copies, rescored from the float32 template)
 */
record TemplateLayout(Graph graph, float int8Scale, boolean reducedGraphs) {

  /** What a collection's graphs hold. */
  enum Graph {
    /** The float32 templates: scores from the graph walk are exact; 4 bytes per dimension. */
    FLOAT32("FLOAT32"),
    /** Int8 copies (1 byte per dimension) with the float32 template beside them. */
    INT8("BYTE");

    private final String solrEncoding;

    Graph(String solrEncoding) {
      this.solrEncoding = solrEncoding;
    }

    /** Returns the {@code vectorEncoding} of Solr's {@code DenseVectorField}. */
    String solrEncoding() {
      return solrEncoding;
    }
  }

  /**
   * Unit templates' components are clipped at this many standard deviations of a uniformly
   * spread unit vector's component ({@code 1/√dimension}); the int8 step is then {@code clip /
   * 127}. Measured on the 13,233 LFW templates of Candor's shipped embedder (512-d): the largest
   * component is 0.228 (5.15 σ), so none is clipped at 6 σ (0.265), and int8 dot products differ
   * from the float32 ones by 0.00085 rms, 0.0047 at most (2,000 × 13,233 pairs); at 5 σ 0.04 %
   * of the templates lose a component's tail for 0.00071 rms, at 8 σ the error grows to 0.0011.
   * Rescoring makes the returned scores exact either way.
   */
  static final double CLIP_SIGMAS = 6.0;

  private static final String FORMAT = "format";
  private static final String FORMAT_VERSION = "partitioned-2";
  private static final String FORMAT_VERSION_1 = "partitioned-1";
  private static final String REDUCED = "reduced";
  private static final String GRAPH = "graph";
  private static final String SCALE = "int8.scale";

  /**
   * Validates the layout.
   *
   * @throws IllegalArgumentException if an int8 layout's scale is not positive and finite
   */
  TemplateLayout {
    if (graph == Graph.INT8 && (Float.isFinite(int8Scale) == false || int8Scale <= 0)) {
      throw new IllegalArgumentException("int8Scale must be positive, got " + int8Scale);
    }
    if (reducedGraphs && graph != Graph.INT8) {
      throw new IllegalArgumentException("reduced graphs need int8 graphs, not " + graph);
    }
  }

  /**
   * Returns the layout a new collection gets: float32 graphs for {@link Quantization#FLOAT32},
   * otherwise int8 copies (Solr has no 4- or 1-bit vectors, so int8 is the nearest it offers),
   * reduced once a model has a basis.
   */
  static TemplateLayout forConfig(IndexConfig config) {
    if (config.quantization() == Quantization.FLOAT32) {
      return new TemplateLayout(Graph.FLOAT32, Float.NaN, false);
    }
    // A unit vector's components never exceed 1, so a clip above 1 would waste range.
    double clip = Math.min(1.0, CLIP_SIGMAS / Math.sqrt(config.dimension()));
    return new TemplateLayout(Graph.INT8, (float) (127 / clip), true);
  }

  /** Returns whether the graph scores are estimates that need rescoring. */
  boolean rescores() {
    return graph == Graph.INT8;
  }

  /** Returns the values of a template's graph field in an update request. */
  List<Number> graphValues(float[] template) {
    if (graph == Graph.INT8) {
      return byteValues(int8Copy(template));
    }
    List<Number> values = new ArrayList<>(template.length);
    for (float v : template) {
      values.add(v);
    }
    return values;
  }

  /** Returns a probe as the text a {@code knn} query takes: {@code [v1,v2,...]}. */
  String queryText(float[] probe) {
    if (graph == Graph.INT8) {
      return vectorText(int8Copy(probe));
    }
    StringJoiner text = new StringJoiner(",", "[", "]");
    for (float v : probe) {
      // Float.toString gives the shortest text that parses back to the same float.
      text.add(Float.toString(v));
    }
    return text.toString();
  }

  /**
   * Returns the full-size int8 copy of a template, as a full-size graph field holds it; for tests
   * that look for its bytes on disk ({@link ModelBasis#int8Copy} gives the reduced one).
   */
  byte[] int8Copy(float[] template) {
    return int8Copy(template, int8Scale);
  }

  /**
   * Returns values scaled, rounded and clamped to ±127: the one quantization of every int8 graph
   * copy, full-size or projected, and of the probes compared with them.
   */
  static byte[] int8Copy(float[] values, float scale) {
    byte[] copy = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      copy[i] = (byte) Math.max(-127, Math.min(127, Math.round(values[i] * scale)));
    }
    return copy;
  }

  /** Returns an int8 copy as the values of a graph field in an update request. */
  static List<Number> byteValues(byte[] copy) {
    List<Number> values = new ArrayList<>(copy.length);
    for (byte b : copy) {
      values.add(b);
    }
    return values;
  }

  /** Returns an int8 copy as the text a {@code knn} query takes: {@code [v1,v2,...]}. */
  static String vectorText(byte[] copy) {
    StringJoiner text = new StringJoiner(",", "[", "]");
    for (byte b : copy) {
      text.add(Byte.toString(b));
    }
    return text.toString();
  }

  /** Returns the text of the config set's layout file. */
  String toProperties() {
    StringBuilder text = new StringBuilder();
    text.append("# How Candor stores templates in this collection; do not edit.\n");
    text.append(FORMAT).append('=').append(FORMAT_VERSION).append('\n');
    text.append(GRAPH).append('=').append(graph.name().toLowerCase(Locale.ROOT)).append('\n');
    if (graph == Graph.INT8) {
      text.append(SCALE).append('=').append(Float.toString(int8Scale)).append('\n');
    }
    text.append(REDUCED).append('=').append(reducedGraphs).append('\n');
    return text.toString();
  }

  /**
   * Reads a layout file.
   *
   * @throws IllegalStateException if the file is not one this version writes
   */
  static TemplateLayout fromProperties(Properties properties, String source) {
    String format = properties.getProperty(FORMAT);
    if (FORMAT_VERSION.equals(format) == false && FORMAT_VERSION_1.equals(format) == false) {
      throw new IllegalStateException(source + ": unknown template layout " + format
          + "; expected " + FORMAT_VERSION + " or " + FORMAT_VERSION_1);
    }
    try {
      Graph graph = Graph.valueOf(properties.getProperty(GRAPH, "").toUpperCase(Locale.ROOT));
      float scale = graph == Graph.INT8
          ? Float.parseFloat(properties.getProperty(SCALE, "")) : Float.NaN;
      boolean reduced = FORMAT_VERSION.equals(format)
          && Boolean.parseBoolean(properties.getProperty(REDUCED, "false"));
      return new TemplateLayout(graph, scale, reduced);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(source + ": unreadable template layout (" + e.getMessage()
          + ")", e);
    }
  }
}
