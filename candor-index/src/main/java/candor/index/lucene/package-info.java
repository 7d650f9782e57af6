/**
 * The approximate index on Apache Lucene: HNSW graphs over int8 scalar-quantized templates,
 * reduced per segment to the directions the templates vary in ({@link
 * candor.index.lucene.ReducedVectorsFormat}), with exact rescoring from the full-precision
 * vectors; no Lucene type leaves this package.
 */
package candor.index.lucene;
