/**
 * Benchmarks of the face engine: CPU time per pipeline stage on LFW, end-to-end throughput with
 * several worker threads, decode and detection cost on a full-resolution photo at several minimum
 * face sizes, and a JMH microbenchmark of alignment. Mains that print figures; never run by
 * {@code verify}.
 */
package candor.bench.vision;
