/**
 * Benchmarks of the core's own work: the audit chain's verification against receipts, and
 * {@code candor ingest} measured against the face engine alone.
 */
package candor.bench.core;
