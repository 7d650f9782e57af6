package candor.index.lucene;

import candor.index.subspace.Subspace;
import java.io.IOException;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.util.Bits;

/** Another segment's vectors as seen through a {@link Subspace}: same documents, fewer values. */
final class ProjectedVectorValues extends FloatVectorValues {

  private final FloatVectorValues source;
  private final Subspace subspace;

  ProjectedVectorValues(FloatVectorValues source, Subspace subspace) {
    this.source = source;
    this.subspace = subspace;
  }

  @Override
  public float[] vectorValue(int ord) throws IOException {
    return subspace.project(source.vectorValue(ord));
  }

  @Override
  public FloatVectorValues copy() throws IOException {
    return new ProjectedVectorValues(source.copy(), subspace);
  }

  @Override
  public int dimension() {
    return subspace.dimension();
  }

  @Override
  public int size() {
    return source.size();
  }

  @Override
  public int ordToDoc(int ord) {
    return source.ordToDoc(ord);
  }

  @Override
  public Bits getAcceptOrds(Bits acceptDocs) {
    return source.getAcceptOrds(acceptDocs);
  }

  @Override
  public DocIndexIterator iterator() {
    return source.iterator();
  }
}
