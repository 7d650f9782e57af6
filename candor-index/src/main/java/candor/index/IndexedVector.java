package candor.index;

import java.util.Arrays;
import java.util.Objects;

/**
 * One face template to store in a {@link VectorIndex}: an id, a unit-length vector and the labels
 * that searches filter on.
 *
 * <p>The vector is biometric data. The record copies it on the way in and on the way out, so a
 * caller that later wipes or reuses its array does not change what is indexed.
 *
 * @param id the caller's identifier, unique within the index (in Candor, the face row id); adding
 *     a vector with an id already present replaces it
 * @param vector the L2-normalised template; all values finite, norm within 1e-3 of 1. Its length
 *     is checked against the index's dimension when added, not here.
 * @param collection the gallery the face belongs to, used as a search filter; not blank
 * @param modelId the embedding model that produced the vector; searches only ever compare
 *     templates of the same model; not blank
 */
public record IndexedVector(long id, float[] vector, String collection, String modelId) {

  /**
   * Validates and copies the arguments.
   *
   * @throws NullPointerException if {@code vector}, {@code collection} or {@code modelId} is null
   * @throws IllegalArgumentException if the vector is empty, not finite or not of unit length
   *     (message such as {@code "vector must have unit L2 norm (1 ± 0.001), got norm 2.000000"}),
   *     or a label is blank
   */
  public IndexedVector {
    vector = VectorChecks.checkedUnitCopy("vector", vector);
    VectorChecks.checkedLabel("collection", collection);
    VectorChecks.checkedLabel("modelId", modelId);
  }

  /**
   * Returns a copy of the vector.
   *
   * @return a fresh array the caller may modify
   */
  @Override
  public float[] vector() {
    return vector.clone();
  }

  /**
   * Returns the number of dimensions of the vector without copying it.
   *
   * @return the vector length
   */
  public int dimension() {
    return vector.length;
  }

  /**
   * Returns a short description that names the id and labels but leaves out the biometric
   * vector, so that logging a record never writes template data.
   *
   * @return a description such as {@code IndexedVector[id=7, dimension=512, collection=a,
   *     modelId=m]}
   */
  @Override
  public String toString() {
    return "IndexedVector[id=" + id + ", dimension=" + vector.length + ", collection="
        + collection + ", modelId=" + modelId + "]";
  }

  /**
   * Compares by id, labels and vector contents (the default record equality would compare the
   * array by identity).
   *
   * @param other the object to compare with
   * @return whether {@code other} is an equal {@code IndexedVector}
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof IndexedVector that
        && id == that.id
        && collection.equals(that.collection)
        && modelId.equals(that.modelId)
        && Arrays.equals(vector, that.vector);
  }

  /**
   * Returns a hash consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(id, collection, modelId) * 31 + Arrays.hashCode(vector);
  }
}
