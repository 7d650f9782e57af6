package candor.index.lucene;

import candor.index.subspace.Subspace;
import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * A vectors format whose graphs compare copies of the vectors reduced to the directions they
 * vary in, while the full vectors stay beside them for exact scores.
 *
 * <p>Per segment and field: the full float32 vectors in Lucene's flat format ({@code
 * getFloatVectorValues} returns them, so rescoring and merging see full templates); a {@link
 * Subspace} fitted on them, in this format's own file; and the graph format of the caller's
 * choice (int8 HNSW by default) over the vectors projected onto that subspace. A search projects
 * the query onto the same subspace and walks that graph. A segment whose vectors need more than
 * half their dimensions, or that is too small to fit a subspace, keeps full-size graph vectors.
 *
 * <p>Every rewrite of a segment (a merge, the expunge after an erasure) fits its subspace anew
 * from the vectors that remain, so an erased template leaves no trace in it.
 *
 * <p>Reading needs only the format name, which Lucene's service lookup resolves to this class;
 * the graph format's name is stored in the segment.
 */
public final class ReducedVectorsFormat extends KnnVectorsFormat {

  /** The name segments record for this format. */
  public static final String NAME = "CandorReduced10";

  static final String META_CODEC = "CandorReducedMeta";
  static final String META_EXTENSION = "cdr";
  static final int VERSION = 0;
  /** File suffixes of the two inner formats, appended to this format's segment suffix. */
  static final String FULL_SUFFIX = "full";
  static final String GRAPH_SUFFIX = "graph";

  private final KnnVectorsFormat graphFormat;
  private final FlatVectorsFormat fullFormat =
      new Lucene99FlatVectorsFormat(FlatVectorScorerUtil.getLucene99FlatVectorsScorer());

  /** For Lucene's service lookup, which opens segments; writing needs the graph format. */
  public ReducedVectorsFormat() {
    this(new Lucene104HnswScalarQuantizedVectorsFormat());
  }

  /**
   * Creates the format.
   *
   * @param graphFormat the format of the graphs over the reduced vectors; it must be known to
   *     Lucene's service lookup, since segments are reopened through its name
   */
  ReducedVectorsFormat(KnnVectorsFormat graphFormat) {
    super(NAME);
    this.graphFormat = Objects.requireNonNull(graphFormat, "graphFormat");
  }

  @Override
  public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
    return new ReducedVectorsWriter(state, fullFormat, graphFormat);
  }

  @Override
  public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
    return new ReducedVectorsReader(state, fullFormat);
  }

  @Override
  public int getMaxDimensions(String fieldName) {
    return graphFormat.getMaxDimensions(fieldName);
  }

  @Override
  public String toString() {
    return NAME + "(graph=" + graphFormat + ")";
  }
}
