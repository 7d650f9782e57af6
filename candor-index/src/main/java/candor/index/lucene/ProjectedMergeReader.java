package candor.index.lucene;

import candor.index.subspace.Subspace;
import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnCollector;

/**
 * A segment being merged, as the graph format's merge sees it: one field's full vectors,
 * projected onto the merged segment's {@link Subspace}. Lucene's graph merge then builds the new
 * graph with its merge threads, as for any merge; it cannot reuse a source segment's graph, whose
 * vectors lie in that segment's own subspace.
 */
final class ProjectedMergeReader extends KnnVectorsReader {

  private final KnnVectorsReader source;
  private final String field;
  private final Subspace subspace;

  ProjectedMergeReader(KnnVectorsReader source, String field, Subspace subspace) {
    this.source = source;
    this.field = field;
    this.subspace = subspace;
  }

  @Override
  public FloatVectorValues getFloatVectorValues(String name) throws IOException {
    if (!field.equals(name)) {
      throw new IllegalArgumentException("merging field " + field + ", not " + name);
    }
    FloatVectorValues values = source.getFloatVectorValues(name);
    return values == null ? null : new ProjectedVectorValues(values, subspace);
  }

  @Override
  public ByteVectorValues getByteVectorValues(String name) {
    throw new UnsupportedOperationException("float32 vectors only; field " + name);
  }

  @Override
  public void checkIntegrity() {
    // The merge checked the source segments before merging any field.
  }

  @Override
  public void search(String name, float[] target, KnnCollector collector, AcceptDocs acceptDocs) {
    throw new UnsupportedOperationException("a merge view is not searched");
  }

  @Override
  public void search(String name, byte[] target, KnnCollector collector, AcceptDocs acceptDocs) {
    throw new UnsupportedOperationException("a merge view is not searched");
  }

  @Override
  public void close() {
    // The source belongs to the segment being merged.
  }
}
