package candor.index.lucene;

import candor.index.subspace.Subspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.codecs.KnnFieldVectorsWriter;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatFieldVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.hnsw.FlatVectorsWriter;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.MergeState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.Sorter;
import org.apache.lucene.index.VectorEncoding;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.IORunnable;

/**
 * Writes one segment of {@link ReducedVectorsFormat}: the full vectors through the flat format,
 * then for each field a {@link Subspace} and the graph over the projected vectors.
 *
 * <p>New documents are buffered by the flat format's field writers; at flush their vectors are
 * read back from there, so they are held once, and the graph is built then. A merge writes the
 * full vectors with the flat format's own merge, reads a sample of the merged ones to fit the new
 * segment's subspace, and hands the graph format a merge whose sources show their vectors
 * projected onto it, so Lucene's graph merge builds the new graph with its merge threads.
 */
final class ReducedVectorsWriter extends KnnVectorsWriter {

  private final SegmentWriteState state;
  private final KnnVectorsFormat graphFormat;
  private final FlatVectorsWriter full;
  private final IndexOutput meta;
  private final List<PendingField> pending = new ArrayList<>();
  // The graph format checks its fields' dimension against the segment's field infos, so its
  // writer is opened once every field's reduced dimension is known.
  private final Map<Integer, FieldInfo> graphInfos = new HashMap<>();
  private KnnVectorsWriter graph;
  // A merge's graph fields, started together once every field's subspace is fitted.
  private final List<GraphMerge> graphMerges = new ArrayList<>();
  private Map<Integer, IORunnable> graphMergeWork;
  private boolean finished;

  /** A field whose full vectors the flat writer buffers until flush. */
  private record PendingField(FieldInfo info, FlatFieldVectorsWriter<?> vectors) {}

  /** A field of a merge as the graph format gets it: its info and sources at graph size. */
  private record GraphMerge(FieldInfo info, MergeState state) {}

  ReducedVectorsWriter(SegmentWriteState state, FlatVectorsFormat fullFormat,
      KnnVectorsFormat graphFormat) throws IOException {
    this.state = state;
    this.graphFormat = graphFormat;
    FlatVectorsWriter fullWriter = null;
    IndexOutput metaOutput = null;
    boolean success = false;
    try {
      fullWriter = fullFormat.fieldsWriter(new SegmentWriteState(
          state, state.segmentSuffix + ReducedVectorsFormat.FULL_SUFFIX));
      metaOutput = state.directory.createOutput(IndexFileNames.segmentFileName(
          state.segmentInfo.name, state.segmentSuffix, ReducedVectorsFormat.META_EXTENSION),
          state.context);
      CodecUtil.writeIndexHeader(metaOutput, ReducedVectorsFormat.META_CODEC,
          ReducedVectorsFormat.VERSION, state.segmentInfo.getId(), state.segmentSuffix);
      metaOutput.writeString(graphFormat.getName());
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(fullWriter, metaOutput);
      }
    }
    this.full = fullWriter;
    this.meta = metaOutput;
  }

  @Override
  public KnnFieldVectorsWriter<?> addField(FieldInfo fieldInfo) throws IOException {
    requireFloats(fieldInfo);
    FlatFieldVectorsWriter<?> vectors = full.addField(fieldInfo);
    pending.add(new PendingField(fieldInfo, vectors));
    return vectors;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void flush(int maxDoc, Sorter.DocMap sortMap) throws IOException {
    // Read the buffered vectors before the flat writer's flush, which finishes its fields.
    List<Subspace> subspaces = new ArrayList<>();
    for (PendingField field : pending) {
      List<float[]> vectors = (List<float[]>) field.vectors().getVectors();
      subspaces.add(fitted(field.info(), vectors));
    }
    KnnVectorsWriter graphWriter = graphWriter();
    for (int i = 0; i < pending.size(); i++) {
      PendingField field = pending.get(i);
      Subspace subspace = subspaces.get(i);
      List<float[]> vectors = (List<float[]>) field.vectors().getVectors();
      KnnFieldVectorsWriter<float[]> graphField = (KnnFieldVectorsWriter<float[]>)
          graphWriter.addField(graphInfos.get(field.info().number));
      DocIdSetIterator docs = field.vectors().getDocsWithFieldSet().iterator();
      int ord = 0;
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        float[] vector = vectors.get(ord++);
        graphField.addValue(doc, subspace == null ? vector : subspace.project(vector));
      }
    }
    full.flush(maxDoc, sortMap);
    graphWriter.flush(maxDoc, sortMap);
  }

  @Override
  public IORunnable mergeOneField(FieldInfo fieldInfo, MergeState mergeState) throws IOException {
    requireFloats(fieldInfo);
    IORunnable fullMerge = full.mergeOneField(fieldInfo, mergeState);
    if (fullMerge != null) {
      fullMerge.run();
    }
    Subspace subspace = fitted(fieldInfo,
        sample(MergedVectorValues.mergeFloatVectorValues(fieldInfo, mergeState)));
    FieldInfo graphInfo = graphInfos.get(fieldInfo.number);
    // Without a subspace the sources' full vectors go in, whatever their graphs held.
    graphMerges.add(new GraphMerge(graphInfo, subspace == null
        ? mergeState : projected(mergeState, fieldInfo.name, graphInfo, subspace)));
    // Lucene runs these after every field's mergeOneField, when all dimensions are known.
    return () -> graphMergeWork().get(fieldInfo.number).run();
  }

  /**
   * Opens the graph writer and starts its merge of every field, on the first call; returns each
   * field's remaining work. Lucene's graph writer wants every field's merge started before any
   * field's work runs, as {@link #merge} does: the first work item closes its vector file.
   */
  private Map<Integer, IORunnable> graphMergeWork() throws IOException {
    if (graphMergeWork == null) {
      KnnVectorsWriter graphWriter = graphWriter();
      Map<Integer, IORunnable> work = new HashMap<>();
      for (GraphMerge merge : graphMerges) {
        IORunnable fieldWork = graphWriter.mergeOneField(merge.info(), merge.state());
        work.put(merge.info().number, fieldWork == null ? () -> { } : fieldWork);
      }
      graphMergeWork = work;
    }
    return graphMergeWork;
  }

  @Override
  public void finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("already finished");
    }
    finished = true;
    full.finish();
    graphWriter().finish();
    meta.writeInt(-1);
    CodecUtil.writeFooter(meta);
  }

  @Override
  public long ramBytesUsed() {
    return full.ramBytesUsed() + (graph == null ? 0 : graph.ramBytesUsed());
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(meta, full, graph);
  }

  /**
   * Fits the field's subspace, records it (or its absence) in the meta file, and notes the
   * field's info as the graph format will see it.
   */
  private Subspace fitted(FieldInfo info, List<float[]> vectors) throws IOException {
    Subspace subspace = Subspace.fit(vectors, info.getVectorDimension());
    meta.writeInt(info.number);
    meta.writeByte((byte) (subspace == null ? 0 : 1));
    if (subspace != null) {
      subspace.write(meta);
    }
    graphInfos.put(info.number, subspace == null
        ? info : ReducedVectorsReader.withDimension(info, subspace.dimension()));
    return subspace;
  }

  /** Opens the graph writer on the segment's field infos with the reduced dimensions. */
  private KnnVectorsWriter graphWriter() throws IOException {
    if (graph == null) {
      // A flush's state has no field infos yet (they are written after the vectors); its
      // vector fields are those added, all in graphInfos by now.
      FieldInfos infos = state.fieldInfos;
      if (infos == null) {
        infos = new FieldInfos(graphInfos.values().toArray(FieldInfo[]::new));
      } else {
        infos = ReducedVectorsReader.withFields(infos, graphInfos.values());
      }
      graph = graphFormat.fieldsWriter(new SegmentWriteState(state.infoStream, state.directory,
          state.segmentInfo, infos, state.segUpdates, state.context,
          state.segmentSuffix + ReducedVectorsFormat.GRAPH_SUFFIX));
    }
    return graph;
  }

  /**
   * Returns the merge as the graph format must see it: the field at its reduced size in every
   * source, whose vectors are projected onto the merged segment's subspace.
   */
  private static MergeState projected(MergeState merge, String field, FieldInfo reducedInfo,
      Subspace subspace) {
    KnnVectorsReader[] readers = new KnnVectorsReader[merge.knnVectorsReaders.length];
    FieldInfos[] sourceInfos = new FieldInfos[merge.fieldInfos.length];
    for (int i = 0; i < readers.length; i++) {
      KnnVectorsReader source = merge.knnVectorsReaders[i];
      readers[i] = source == null ? null : new ProjectedMergeReader(source, field, subspace);
      sourceInfos[i] = ReducedVectorsReader.withFields(merge.fieldInfos[i], List.of(reducedInfo));
    }
    return new MergeState(merge.docMaps, merge.segmentInfo,
        ReducedVectorsReader.withFields(merge.mergeFieldInfos, List.of(reducedInfo)),
        merge.storedFieldsReaders, merge.termVectorsReaders, merge.normsProducers,
        merge.docValuesProducers, sourceInfos,
        merge.liveDocs, merge.fieldsProducers, merge.pointsReaders, readers, merge.maxDocs,
        merge.infoStream, merge.intraMergeTaskExecutor, merge.needsIndexSort, merge.oneMerge);
  }

  /**
   * Copies up to {@link Subspace#MAX_SAMPLE} vectors spread evenly over the merged ones; an
   * iterator can only walk forward, so every one is visited and each {@code step}-th is kept.
   */
  private static List<float[]> sample(FloatVectorValues values) throws IOException {
    int step = Math.max(1, (values.size() + Subspace.MAX_SAMPLE - 1) / Subspace.MAX_SAMPLE);
    List<float[]> sample = new ArrayList<>(Math.min(values.size(), Subspace.MAX_SAMPLE));
    KnnVectorValues.DocIndexIterator iterator = values.iterator();
    int seen = 0;
    for (int doc = iterator.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS;
        doc = iterator.nextDoc()) {
      if (seen++ % step == 0) {
        sample.add(values.vectorValue(iterator.index()).clone());
      }
    }
    return sample;
  }

  private static void requireFloats(FieldInfo info) {
    if (info.getVectorEncoding() != VectorEncoding.FLOAT32) {
      throw new IllegalArgumentException(ReducedVectorsFormat.NAME
          + " holds float32 vectors only; field " + info.name + " is "
          + info.getVectorEncoding());
    }
  }
}
