/**
 * Benchmarks of the vector index: indexing rate, search latency, recall against the exact scan,
 * and memory and disk per face, on synthetic face-like templates.
 */
package candor.bench.index;
