/**
 * Face templates to neighbours: the vector index API ({@link candor.index.VectorIndex}) with its
 * value records, configuration and exceptions; implementations live in technology-named
 * sub-packages ({@code lucene} for HNSW, {@code exact} for the brute-force reference) and no
 * third-party type appears here.
 */
package candor.index;
