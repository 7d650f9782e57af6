/**
 * The approximate index on Apache Lucene: an HNSW graph over int8 scalar-quantized templates,
 * with exact rescoring from the full-precision vectors; no Lucene type leaves this package.
 */
package candor.index.lucene;
