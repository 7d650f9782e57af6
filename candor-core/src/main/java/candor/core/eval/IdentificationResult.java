package candor.core.eval;

/**
 * Figures of a 1:N identification run; fractions in 0..1.
 *
 * @param rank1 closed set: fraction of mated probes whose mate is the first candidate
 * @param rank5 closed set: fraction whose mate is among the first five
 * @param fnirAtFpir1e2 open set: false negative identification rate at a false positive
 *     identification rate of 0.01 (threshold set on the non-mated probes' top scores)
 * @param threshold the open-set threshold at that FPIR
 * @param gallery enrolled identities
 * @param probes mated probes
 * @param nonMatedProbes non-mated probes
 */
public record IdentificationResult(
    double rank1, double rank5, double fnirAtFpir1e2, double threshold, int gallery, int probes, int nonMatedProbes) {}
