package candor.index;

import java.util.Objects;

/**
 * Settings of a {@link VectorIndex}; implementations ignore those that do not apply to them (an
 * exact scan has no graph).
 *
 * <p>Only {@code dimension} is a property of the stored data: reopening a folder with another
 * dimension fails. The graph settings apply to segments written from then on, and the search
 * settings to each search.
 *
 * @param dimension the number of dimensions of every vector (512 for Candor's shipped embedder)
 * @param maxConnections HNSW "M": neighbours kept per graph node; more gives better recall and a
 *     bigger, slower-to-build graph
 * @param beamWidth HNSW "efConstruction": candidates tracked while inserting a node; more gives a
 *     better graph and slower indexing
 * @param oversample a search asks each approximate graph it walks for {@code k × oversample}
 *     candidates (at least {@code minCandidates}) and rescores the best {@code k × oversample}
 *     of them with the full-precision vectors, so that quantization and graph-walk errors cost
 *     less recall
 * @param minCandidates the least number of candidates a search asks for, whatever {@code k}: how
 *     wide the graph walk is, which is what recall depends on most
 * @param quantization the copies of the vectors the graph walk compares (int8: 4× less memory to
 *     search than float32); exact rescoring keeps the returned scores exact whatever it is
 * @param indexingThreads how many threads a bulk {@link VectorIndex#add add} and graph merges
 *     use; the graph build dominates indexing cost, so this is normally the number of cores
 * @param reduceDimensions whether each segment's graphs compare copies of the vectors projected
 *     onto the few directions they vary in (fitted per segment, about 160 of 512 for Candor's
 *     embedder); rescoring still uses the full vectors. Applies to segments written from then on
 */
public record IndexConfig(
    int dimension,
    int maxConnections,
    int beamWidth,
    int oversample,
    int minCandidates,
    Quantization quantization,
    int indexingThreads,
    boolean reduceDimensions) {

  /** The embedding size of Candor's shipped face model. */
  public static final int DEFAULT_DIMENSION = 512;

  /** HNSW M; Lucene's default, which measured well on 512-d face templates. */
  public static final int DEFAULT_MAX_CONNECTIONS = 16;

  /** HNSW beam width during construction; Lucene's default. */
  public static final int DEFAULT_BEAM_WIDTH = 100;

  /**
   * Candidates rescored exactly per wanted hit. At 1M faces (400 candidates per graph, the
   * benchmark below) rescoring the best 50 or 100 of the 400 gave the same recall@10 as all 400
   * (0.9907): the int8 scores order the candidates well enough that only the top of the list
   * needs the float vectors. Rescoring 100 rather than 400 took 6 % less CPU per search (10.1
   * against 10.8 ms, three alternating runs of each in one process).
   */
  public static final int DEFAULT_OVERSAMPLE = 10;

  /**
   * The least number of candidates per graph searched (each segment's graph of each collection
   * searched). Chosen with {@code VectorIndexBenchmark} (1,000,000 LFW-shaped 512-d templates, 4
   * per identity, 4 collections, k=10, collection filter, index merged to 2 segments, each walked
   * for this many candidates). Over full-size int8 graph vectors recall@10 against the exact scan
   * was 0.991 with 400 candidates and 0.994 with 500; over dimension-reduced ones ({@link
   * #reduceDimensions()}) 0.987 with 400 and 0.991 with 500, for 8.2 ms of CPU per search against
   * 10.0 and 8.9 ms for the full-size graphs at 400 (two alternating runs of each in one process).
   * The enrolled templates of the probe's identity ("mate" recall) were found at 0.995 with all.
   * 500 is the least that keeps recall@10 at 0.99 with the default reduced graphs.
   */
  public static final int DEFAULT_MIN_CANDIDATES = 500;

  /**
   * Returns how many of a graph's candidates a search for {@code k} hits rescores exactly.
   *
   * @param k the number of hits wanted, at least 1
   * @return {@code k × oversample}, at most {@link #candidates(int)}
   */
  public int rescored(int k) {
    return (int) Math.min((long) k * oversample, candidates(k));
  }

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException if a value is not positive or {@code maxConnections} or
   *     {@code beamWidth} exceed what an HNSW graph allows (512 and 3200)
   */
  public IndexConfig {
    requirePositive("dimension", dimension);
    requireRange("maxConnections", maxConnections, 512);
    requireRange("beamWidth", beamWidth, 3200);
    requirePositive("oversample", oversample);
    requirePositive("minCandidates", minCandidates);
    requirePositive("indexingThreads", indexingThreads);
    Objects.requireNonNull(quantization, "quantization");
  }

  /**
   * Returns Candor's default settings: 512 dimensions, M=16, beam width 100, int8 quantization,
   * oversampling 10 (at least 500 candidates), one indexing thread per available core and
   * graphs over dimension-reduced copies.
   *
   * @return the default configuration
   */
  public static IndexConfig defaults() {
    return new IndexConfig(
        DEFAULT_DIMENSION,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_BEAM_WIDTH,
        DEFAULT_OVERSAMPLE,
        DEFAULT_MIN_CANDIDATES,
        Quantization.INT8,
        Runtime.getRuntime().availableProcessors(),
        true);
  }

  /**
   * Returns the number of candidates a search for {@code k} hits asks the graph for.
   *
   * @param k the number of hits wanted, at least 1
   * @return {@code max(k × oversample, minCandidates)}, capped at {@code Integer.MAX_VALUE}
   */
  public int candidates(int k) {
    long wanted = Math.max((long) k * oversample, minCandidates);
    return (int) Math.min(wanted, Integer.MAX_VALUE);
  }

  /**
   * Returns a copy with another dimension.
   *
   * @param newDimension the number of dimensions
   * @return the new configuration
   */
  public IndexConfig withDimension(int newDimension) {
    return new IndexConfig(newDimension, maxConnections, beamWidth, oversample, minCandidates,
        quantization, indexingThreads, reduceDimensions);
  }

  /**
   * Returns a copy with other HNSW construction settings.
   *
   * @param newMaxConnections HNSW M
   * @param newBeamWidth HNSW beam width during construction
   * @return the new configuration
   */
  public IndexConfig withGraph(int newMaxConnections, int newBeamWidth) {
    return new IndexConfig(dimension, newMaxConnections, newBeamWidth, oversample, minCandidates,
        quantization, indexingThreads, reduceDimensions);
  }

  /**
   * Returns a copy with other search-time candidate settings.
   *
   * @param newOversample candidates per wanted hit
   * @param newMinCandidates the least number of candidates
   * @return the new configuration
   */
  public IndexConfig withCandidates(int newOversample, int newMinCandidates) {
    return new IndexConfig(dimension, maxConnections, beamWidth, newOversample, newMinCandidates,
        quantization, indexingThreads, reduceDimensions);
  }

  /**
   * Returns a copy with another quantization, which applies to segments written from then on.
   *
   * @param newQuantization the copies of the vectors the graph walk compares
   * @return the new configuration
   */
  public IndexConfig withQuantization(Quantization newQuantization) {
    return new IndexConfig(dimension, maxConnections, beamWidth, oversample, minCandidates,
        newQuantization, indexingThreads, reduceDimensions);
  }

  /**
   * Returns a copy with another number of indexing threads.
   *
   * @param newIndexingThreads threads for bulk adds and merges
   * @return the new configuration
   */
  public IndexConfig withIndexingThreads(int newIndexingThreads) {
    return new IndexConfig(dimension, maxConnections, beamWidth, oversample, minCandidates,
        quantization, newIndexingThreads, reduceDimensions);
  }

  /**
   * Returns a copy that does or does not reduce the graphs' vectors, for segments written from
   * then on.
   *
   * @param reduce whether graphs compare dimension-reduced copies
   * @return the new configuration
   */
  public IndexConfig withReducedDimensions(boolean reduce) {
    return new IndexConfig(dimension, maxConnections, beamWidth, oversample, minCandidates,
        quantization, indexingThreads, reduce);
  }

  private static void requirePositive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requireRange(String name, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(
          name + " must be between 1 and " + max + ", got " + value);
    }
  }
}
