package candor.index;

/**
 * A snapshot of an index's size.
 *
 * @param count the number of live (searchable) vectors, including those added but not yet
 *     committed
 * @param deletedOnDisk the number of deleted vectors whose bytes may still be in the index files
 *     until {@link VectorIndex#expungeDeletes()} runs; 0 for an index that rewrites its files on
 *     every commit
 * @param dimension the number of dimensions of every vector
 * @param bytesOnDisk the total size in bytes of the files in the index folder
 */
public record IndexStats(long count, long deletedOnDisk, int dimension, long bytesOnDisk) {

  /**
   * Validates the snapshot.
   *
   * @throws IllegalArgumentException if a count or size is negative or the dimension is not
   *     positive
   */
  public IndexStats {
    if (count < 0 || deletedOnDisk < 0 || bytesOnDisk < 0 || dimension < 1) {
      throw new IllegalArgumentException(
          "counts and sizes must not be negative and dimension must be positive: count=" + count
              + ", deletedOnDisk=" + deletedOnDisk + ", dimension=" + dimension
              + ", bytesOnDisk=" + bytesOnDisk);
    }
  }
}
