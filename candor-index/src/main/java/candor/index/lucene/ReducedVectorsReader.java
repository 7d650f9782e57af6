package candor.index.lucene;

import candor.index.subspace.Subspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.hnsw.FlatVectorsReader;
import org.apache.lucene.index.ByteVectorValues;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.search.AcceptDocs;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.store.ChecksumIndexInput;
import org.apache.lucene.util.IOUtils;

/**
 * Reads one segment of {@link ReducedVectorsFormat}: full vectors for {@link
 * #getFloatVectorValues}, and graph searches with the query projected onto the field's
 * {@link Subspace}.
 */
final class ReducedVectorsReader extends KnnVectorsReader {

  private final FlatVectorsReader full;
  private final KnnVectorsReader graph;
  private final FieldInfos graphFields;
  // By field name; a field absent here has full-size graph vectors.
  private final Map<String, Subspace> subspaces;

  ReducedVectorsReader(SegmentReadState state, FlatVectorsFormat fullFormat) throws IOException {
    Map<String, Subspace> fieldSubspaces = new HashMap<>();
    String graphFormatName;
    String metaName = IndexFileNames.segmentFileName(
        state.segmentInfo.name, state.segmentSuffix, ReducedVectorsFormat.META_EXTENSION);
    try (ChecksumIndexInput meta = state.directory.openChecksumInput(metaName)) {
      Throwable failure = null;
      String name = null;
      try {
        CodecUtil.checkIndexHeader(meta, ReducedVectorsFormat.META_CODEC,
            ReducedVectorsFormat.VERSION, ReducedVectorsFormat.VERSION,
            state.segmentInfo.getId(), state.segmentSuffix);
        name = meta.readString();
        for (int number = meta.readInt(); number != -1; number = meta.readInt()) {
          FieldInfo info = state.fieldInfos.fieldInfo(number);
          if (info == null) {
            throw new CorruptIndexException("no field number " + number, meta);
          }
          if (meta.readByte() == 1) {
            fieldSubspaces.put(info.name, Subspace.read(meta, info.getVectorDimension()));
          }
        }
      } catch (Throwable t) {
        failure = t;
      } finally {
        CodecUtil.checkFooter(meta, failure);
      }
      graphFormatName = name;
    }
    this.subspaces = Map.copyOf(fieldSubspaces);
    this.graphFields = reducedFieldInfos(state.fieldInfos, subspaces);
    FlatVectorsReader fullReader = null;
    boolean success = false;
    try {
      fullReader = fullFormat.fieldsReader(
          new SegmentReadState(state, state.segmentSuffix + ReducedVectorsFormat.FULL_SUFFIX));
      this.graph = KnnVectorsFormat.forName(graphFormatName).fieldsReader(new SegmentReadState(
          state.directory, state.segmentInfo, graphFields, state.context,
          state.segmentSuffix + ReducedVectorsFormat.GRAPH_SUFFIX));
      this.full = fullReader;
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(fullReader);
      }
    }
  }

  /**
   * Returns the subspace the field's graph vectors lie in, or {@code null} when they are full
   * size.
   */
  Subspace subspace(String field) {
    return subspaces.get(field);
  }

  @Override
  public void checkIntegrity() throws IOException {
    full.checkIntegrity();
    graph.checkIntegrity();
  }

  /** Returns the full vectors, whatever the graph compares. */
  @Override
  public FloatVectorValues getFloatVectorValues(String field) throws IOException {
    return full.getFloatVectorValues(field);
  }

  @Override
  public ByteVectorValues getByteVectorValues(String field) {
    throw new UnsupportedOperationException(
        ReducedVectorsFormat.NAME + " holds float32 vectors only; field " + field);
  }

  /**
   * Walks the field's graph with the query projected onto the field's subspace. The collector
   * receives the graph's scores, which estimate the full ones; callers rescore from {@link
   * #getFloatVectorValues}.
   */
  @Override
  public void search(String field, float[] target, KnnCollector collector, AcceptDocs acceptDocs)
      throws IOException {
    Subspace subspace = subspaces.get(field);
    graph.search(field, subspace == null ? target : subspace.project(target), collector,
        acceptDocs);
  }

  @Override
  public void search(String field, byte[] target, KnnCollector collector, AcceptDocs acceptDocs) {
    throw new UnsupportedOperationException(
        ReducedVectorsFormat.NAME + " holds float32 vectors only; field " + field);
  }

  @Override
  public Map<String, Long> getOffHeapByteSize(FieldInfo fieldInfo) {
    return mergeOffHeapByteSizeMaps(full.getOffHeapByteSize(fieldInfo),
        graph.getOffHeapByteSize(graphFields.fieldInfo(fieldInfo.number)));
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(full, graph);
  }

  /** The segment's field infos as the graph format saw them: reduced fields at their size. */
  private static FieldInfos reducedFieldInfos(FieldInfos fields, Map<String, Subspace> subspaces) {
    List<FieldInfo> reduced = new ArrayList<>();
    subspaces.forEach((name, subspace) ->
        reduced.add(withDimension(fields.fieldInfo(name), subspace.dimension())));
    return withFields(fields, reduced);
  }

  /** Returns the infos with each field of a replacement's number replaced by it. */
  static FieldInfos withFields(FieldInfos infos, Collection<FieldInfo> replacements) {
    Map<Integer, FieldInfo> byNumber = new HashMap<>();
    for (FieldInfo replacement : replacements) {
      byNumber.put(replacement.number, replacement);
    }
    FieldInfo[] copy = new FieldInfo[infos.size()];
    int i = 0;
    for (FieldInfo info : infos) {
      copy[i++] = byNumber.getOrDefault(info.number, info);
    }
    return new FieldInfos(copy);
  }

  /** Returns a copy of a vector field's info with another vector dimension. */
  static FieldInfo withDimension(FieldInfo info, int dimension) {
    return new FieldInfo(info.name, info.number, info.hasTermVectors(), info.omitsNorms(),
        info.hasPayloads(), info.getIndexOptions(), info.getDocValuesType(),
        info.docValuesSkipIndexType(), info.getDocValuesGen(), new HashMap<>(info.attributes()),
        info.getPointDimensionCount(), info.getPointIndexDimensionCount(),
        info.getPointNumBytes(), dimension, info.getVectorEncoding(),
        info.getVectorSimilarityFunction(), info.isSoftDeletesField(), info.isParentField());
  }
}
