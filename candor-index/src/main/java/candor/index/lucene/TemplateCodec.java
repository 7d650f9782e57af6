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
 * settings of an {@link IndexConfig} for the template field.
 *
 * <p>Only writing needs this class. Segments record the codec name ({@code Lucene104}) and, per
 * field, the vectors format name, so any Lucene 10.6 reader, including {@code CheckIndex}, opens
 * the folder through the standard service lookup.
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
    if (config.quantized()) {
      // UNSIGNED_BYTE is int8: a quarter of the float32 size, and the raw floats are kept beside
      // it, which the exact rescoring reads.
      this.vectorsFormat = new Lucene104HnswScalarQuantizedVectorsFormat(
          ScalarEncoding.UNSIGNED_BYTE, config.maxConnections(), config.beamWidth(),
          mergeWorkers, mergeExecutor);
    } else {
      this.vectorsFormat = new Lucene99HnswVectorsFormat(
          config.maxConnections(), config.beamWidth(), mergeWorkers, mergeExecutor);
    }
  }

  @Override
  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
    return vectorsFormat;
  }
}
