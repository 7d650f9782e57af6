package candor.index.lucene;

import candor.index.IndexConfig;
import java.util.concurrent.ExecutorService;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The codec {@link LuceneVectorIndex} writes with: Lucene's default codec with the graph
 * settings of an {@link IndexConfig} for the template field, the graphs over dimension-reduced
 * copies ({@link ReducedVectorsFormat}) unless the configuration says otherwise.
 *
 * <p>Only writing needs this class. Segments record the codec name ({@code Lucene104}) and, per
 * field, the vectors format name, so a Lucene 10.6 reader, including {@code CheckIndex}, opens
 * the folder through the standard service lookup when this module is on its class path (it
 * registers {@link ReducedVectorsFormat}).
 */
final class TemplateCodec extends Lucene104Codec {

  private final KnnVectorsFormat vectorsFormat;

  /**
   * Creates the codec.
   *
   * @param config the graph settings and whether to quantize
   * @param mergeExecutor threads for building merged graphs in parallel, or {@code null} to build
   *     them on the merge thread; owned by the caller, which shuts it down after the writer closes
   */
  TemplateCodec(IndexConfig config, ExecutorService mergeExecutor) {
    int mergeWorkers = mergeExecutor == null ? 1 : config.indexingThreads();
    // Each quantized format keeps the raw floats beside its copies; the exact rescoring reads
    // them. The encoding is recorded per segment, so segments of different encodings coexist.
    KnnVectorsFormat graphFormat = switch (config.quantization()) {
      case FLOAT32 -> new Lucene99HnswVectorsFormat(
          config.maxConnections(), config.beamWidth(), mergeWorkers, mergeExecutor);
      case INT8 -> quantized(ScalarEncoding.UNSIGNED_BYTE, config, mergeWorkers, mergeExecutor);
      case INT4 -> quantized(ScalarEncoding.PACKED_NIBBLE, config, mergeWorkers, mergeExecutor);
      case INT1 ->
          quantized(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, config, mergeWorkers, mergeExecutor);
    };
    this.vectorsFormat =
        config.reduceDimensions() ? new ReducedVectorsFormat(graphFormat) : graphFormat;
  }

  private static KnnVectorsFormat quantized(ScalarEncoding encoding, IndexConfig config,
      int mergeWorkers, ExecutorService mergeExecutor) {
    return new Lucene104HnswScalarQuantizedVectorsFormat(encoding, config.maxConnections(),
        config.beamWidth(), mergeWorkers, mergeExecutor);
  }

  @Override
  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
    return vectorsFormat;
  }
}
