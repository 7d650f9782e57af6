package candor.index.solr;

import candor.index.subspace.Subspace;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;

/**
 * The subspace of one face model's templates in a template collection, with the one int8 scale
 * of the projected copies the reduced graph fields ({@link GraphFields#reducedName}) hold.
 *
 * <p><b>Why.</b> Solr's graph walk spends most of a search's CPU in int8 dot products over
 * 512-byte copies (a JFR profile of the cluster during searches at 100,000 faces: 86 % of
 * request CPU in the walk, 64 % in Lucene 9.12's {@code dotProductBody512}). A face model's templates vary in far fewer
 * directions than they have components (see {@link Subspace}), so the graphs walk int8 copies of
 * the templates projected onto those directions (about a third of the bytes for Candor's model),
 * and every candidate is rescored from its float32 template as before: the projection only
 * decides which candidates are found, never their scores.
 *
 * <p><b>One basis per model, for ever.</b> The embedded index fits a subspace per segment and
 * rewrites it on merge; Solr's segments are Solr's, so here the client projects, and a probe must
 * be projected exactly as the documents of the graph it walks. Hence one basis per model for the
 * whole collection (every gallery collection of the model shares it: the subspace is a property
 * of the embedder, not of a gallery), fitted once by the writer from the model's first {@link
 * Subspace#MIN_SAMPLE} or more templates, written to ZooKeeper before any document that uses it
 * and never changed, so that every application node may cache it once read. Templates committed
 * before it existed stay in the full-size graph fields; the basis records which collections held
 * them ({@link #fullCollections()}), which are the only ones a search must walk both fields of.
 * The basis is a statistic of thousands of templates (orthonormal directions and a scale), from
 * which no single template can be recovered; it is not erased with them.
 *
 * <p><b>One scale.</b> The projected components are quantized as the full ones are, {@code
 * round(v × scale)} clamped to ±127, with a single scale for every direction so that int8 dot
 * products stay proportional to the true ones. Subspace's random rotation spreads the energy
 * evenly over the directions, so one range suits them all; the scale maps the largest projected
 * magnitude of the fitting sample to 127.
 *
 * @param subspace the directions, of the collection's template dimension
 * @param int8Scale the factor projected components are multiplied by before rounding
 * @param fullCollections the collections that held templates of the model in the full-size
 *     graph fields when the basis was fitted
 */
record ModelBasis(Subspace subspace, float int8Scale, Set<String> fullCollections) {

  // The first field of the stored form; a later format would change it.
  private static final String FORMAT = "candor-model-basis-1";

  ModelBasis {
    if (Float.isFinite(int8Scale) == false || int8Scale <= 0) {
      throw new IllegalArgumentException("int8Scale must be positive, got " + int8Scale);
    }
    fullCollections = Set.copyOf(fullCollections);
  }

  /**
   * Fits the basis of a sample of a model's templates.
   *
   * @param sample at least {@link Subspace#MIN_SAMPLE} templates, of which at most {@link
   *     Subspace#MAX_SAMPLE} evenly spaced ones are read
   * @param dimension their dimension
   * @param fullCollections the collections already holding full-size graph copies of the model
   * @return the basis, or {@code null} when reducing does not pay (see {@link Subspace#fit})
   */
  static ModelBasis fit(List<float[]> sample, int dimension, Set<String> fullCollections) {
    Subspace subspace = Subspace.fit(sample, dimension);
    if (subspace == null) {
      return null;
    }
    // The same evenly spaced rows as the fit reads; later templates beyond them are clamped.
    float largest = 0;
    int rows = Math.min(sample.size(), Subspace.MAX_SAMPLE);
    for (int row = 0; row < rows; row++) {
      for (float v : subspace.project(sample.get((int) ((long) row * sample.size() / rows)))) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    return new ModelBasis(subspace, 127 / Math.max(largest, 1e-6f), fullCollections);
  }

  /** Returns the number of directions, the dimension of the reduced graph fields. */
  int dimension() {
    return subspace.dimension();
  }

  /** Returns the values of a template's reduced graph field in an update request. */
  List<Number> graphValues(float[] template) {
    return TemplateLayout.byteValues(int8Copy(template));
  }

  /** Returns a probe, projected and quantized, as the text a {@code knn} query takes. */
  String queryText(float[] probe) {
    return TemplateLayout.vectorText(int8Copy(probe));
  }

  /** Returns the projected int8 copy of a template, as the reduced graph field holds it. */
  byte[] int8Copy(float[] template) {
    return TemplateLayout.int8Copy(subspace.project(template), int8Scale);
  }

  /** Returns the stored form: format, scale, the full collections, then the subspace. */
  byte[] toBytes() {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    try {
      out.writeString(FORMAT);
      out.writeInt(Float.floatToIntBits(int8Scale));
      out.writeVInt(fullCollections.size());
      for (String collection : new TreeSet<>(fullCollections)) {
        out.writeString(collection);
      }
      subspace.write(out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toArrayCopy();
  }

  /**
   * Reads what {@link #toBytes()} wrote.
   *
   * @param bytes the stored form
   * @param dimension the collection's template dimension
   * @param source where the bytes come from, for messages
   * @throws IllegalStateException if the bytes are not a basis of this format and dimension
   */
  static ModelBasis fromBytes(byte[] bytes, int dimension, String source) {
    ByteArrayDataInput in = new ByteArrayDataInput(bytes);
    try {
      String format = in.readString();
      if (FORMAT.equals(format) == false) {
        throw new IllegalStateException(source + ": unknown basis format " + format
            + "; expected " + FORMAT);
      }
      float scale = Float.intBitsToFloat(in.readInt());
      int count = in.readVInt();
      Set<String> full = new TreeSet<>();
      for (int i = 0; i < count; i++) {
        full.add(in.readString());
      }
      return new ModelBasis(Subspace.read(in, dimension), scale, full);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalStateException state && state.getMessage().startsWith(source)) {
        throw state;
      }
      throw new IllegalStateException(source + ": unreadable basis (" + e.getMessage() + ")", e);
    }
  }
}
