package candor.index.solr;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Names the graph field of each (model, collection) partition of a template collection: every
 * partition has its own dynamic field ({@code g_*} in the schema) and hence its own HNSW graph in
 * each segment, so a search in one collection walks a graph holding only that collection's
 * templates of its model.
 *
 * <p>Why not one field with a collection filter: a filter that keeps a quarter of the documents
 * made Solr's graph walk give up and scan every matching document exactly (recall 1.0 and 218 ms
 * per search at 1M faces, against 5.8 ms for the embedded index's per-collection graphs); and
 * templates of different models are not comparable, so edges between them only mislead the walk.
 * Why not a Solr collection per Candor collection: each costs every node cores, searchers and
 * caches, and a commit would have to span them all; the partition fields give each collection its
 * own graph within one Solr collection.
 *
 * <p>The name is {@code g_} + hex(UTF-8 model) + {@code _} + hex(UTF-8 collection): Solr field
 * names should be letters, digits and underscores, and hex keeps the split unambiguous whatever
 * characters the labels contain.
 *
 * <p>A partition of a model with a {@link ModelBasis} also has a reduced graph field, {@code r}
 * + its dimension + {@code _} + the same hex, whose graphs walk the templates' projected int8
 * copies: Solr fixes a vector field type's dimension in the schema, so the schema has one type
 * and one dynamic field per dimension a basis can have ({@link ConfigSet}).
 */
final class GraphFields {

  /** The prefix of every graph field; the schema's dynamic field is this followed by {@code *}. */
  static final String PREFIX = "g_";

  /** The first letter of every reduced graph field; the dimension and {@code _} follow. */
  static final String REDUCED_PREFIX = "r";

  private static final HexFormat HEX = HexFormat.of();

  private GraphFields() {}

  /**
   * Returns the graph field of a partition.
   *
   * @param model the model id
   * @param collection the collection
   * @return the field name
   */
  static String name(String model, String collection) {
    return PREFIX + HEX.formatHex(model.getBytes(StandardCharsets.UTF_8)) + "_"
        + HEX.formatHex(collection.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Returns the reduced graph field of a partition.
   *
   * @param dimension the dimension of the model's basis
   * @param model the model id
   * @param collection the collection
   * @return the field name
   */
  static String reducedName(int dimension, String model, String collection) {
    return REDUCED_PREFIX + dimension + name(model, collection).substring(1);
  }
}
