package candor.index.lucene;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;

/**
 * Names the vector field of each (model, collection) partition: every partition has its own
 * field and hence its own HNSW graph.
 *
 * <p>Why not one field with filters: templates of different models are not comparable (they may
 * not even share a dimension in future), so edges between them would only mislead the graph
 * walk; and with a collection filter on a shared graph Lucene visited so many non-matching nodes
 * that it gave up and scanned the whole collection. Measured on 100k synthetic 512-d faces in 4
 * collections, k=10: the filtered shared graph cost 13–16 ms of CPU per search (recall@10 0.97
 * with 100 candidates, 1.0 once it fell back to the scan); the collection's own graph cost 2.1
 * ms (recall 0.91), 5.6 ms (0.987) and 8.6 ms (0.998) with 100, 400 and 800 candidates. A scan
 * grows with the collection, the graph walk far slower.
 *
 * <p>The name is {@code "vector:" + model.length() + ":" + model + ":" + collection}; the length
 * makes the split unambiguous whatever characters the labels contain.
 */
final class PartitionFields {

  private static final String PREFIX = "vector:";

  private PartitionFields() {}

  /**
   * Returns the vector field of a partition.
   *
   * @param model the model id
   * @param collection the collection
   * @return the field name
   */
  static String name(String model, String collection) {
    return modelPrefix(model) + collection;
  }

  /**
   * Returns whether {@code field} is a partition's vector field.
   *
   * @param field a field name
   * @return whether it starts with the partition prefix
   */
  static boolean isPartition(String field) {
    return field.startsWith(PREFIX);
  }

  /**
   * Returns the model's partitions present in any segment of {@code reader}.
   *
   * @param reader the reader to look in
   * @param model the model id
   * @return field name to collection, in first-seen order
   */
  static Map<String, String> ofModel(IndexReader reader, String model) {
    String prefix = modelPrefix(model);
    Map<String, String> fields = new LinkedHashMap<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      for (FieldInfo field : leaf.reader().getFieldInfos()) {
        if (field.getVectorDimension() > 0 && field.name.startsWith(prefix)) {
          fields.putIfAbsent(field.name, field.name.substring(prefix.length()));
        }
      }
    }
    return fields;
  }

  private static String modelPrefix(String model) {
    return PREFIX + model.length() + ":" + model + ":";
  }
}
