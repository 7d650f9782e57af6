package candor.index;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * A nearest-neighbour query: find the {@code k} stored templates most similar to {@code query}
 * among those of one model and, optionally, some collections.
 *
 * @param query the L2-normalised probe template; copied in and out. Its length is checked
 *     against the index's dimension when searched.
 * @param k how many hits to return at most, 1 to {@link #MAX_K}
 * @param collections the collections to search; empty means all collections. Copied.
 * @param modelId the model that produced {@code query}; only templates of this model are
 *     compared, because templates of different models are not comparable
 */
public record SearchRequest(float[] query, int k, Set<String> collections, String modelId) {

  /** The largest {@code k} accepted; a candidate list longer than this is not reviewable. */
  public static final int MAX_K = 10_000;

  /**
   * Validates and copies the arguments.
   *
   * @throws NullPointerException if an argument or a collection name is null
   * @throws IllegalArgumentException if the query is empty, not finite or not of unit length, if
   *     {@code k} is outside 1 to {@link #MAX_K} (message {@code "k must be between 1 and 10000,
   *     got 0"}), or if a label is blank
   */
  public SearchRequest {
    query = VectorChecks.checkedUnitCopy("query", query);
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", got " + k);
    }
    Objects.requireNonNull(collections, "collections");
    collections.forEach(c -> VectorChecks.checkedLabel("collection", c));
    collections = Set.copyOf(collections);
    VectorChecks.checkedLabel("modelId", modelId);
  }

  /**
   * Creates a request over all collections.
   *
   * @param query the L2-normalised probe template
   * @param k how many hits to return at most
   * @param modelId the model that produced {@code query}
   * @return the request
   */
  public static SearchRequest allCollections(float[] query, int k, String modelId) {
    return new SearchRequest(query, k, Set.of(), modelId);
  }

  /**
   * Returns a copy of the query vector.
   *
   * @return a fresh array the caller may modify
   */
  @Override
  public float[] query() {
    return query.clone();
  }

  /**
   * Returns the number of dimensions of the query without copying it.
   *
   * @return the query length
   */
  public int dimension() {
    return query.length;
  }

  /**
   * Returns a description without the biometric query vector.
   *
   * @return a description such as {@code SearchRequest[dimension=512, k=10, collections=[a],
   *     modelId=m]}
   */
  @Override
  public String toString() {
    return "SearchRequest[dimension=" + query.length + ", k=" + k + ", collections="
        + collections + ", modelId=" + modelId + "]";
  }

  /**
   * Compares by query contents, {@code k}, collections and model.
   *
   * @param other the object to compare with
   * @return whether {@code other} is an equal request
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof SearchRequest that
        && k == that.k
        && collections.equals(that.collections)
        && modelId.equals(that.modelId)
        && Arrays.equals(query, that.query);
  }

  /**
   * Returns a hash consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(k, collections, modelId) * 31 + Arrays.hashCode(query);
  }
}
