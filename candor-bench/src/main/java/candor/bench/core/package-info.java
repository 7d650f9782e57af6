/** Benchmarks of the core's own work: the audit chain's verification against receipts. */
package candor.bench.core;
