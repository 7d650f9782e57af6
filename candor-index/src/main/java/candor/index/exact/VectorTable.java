package candor.index.exact;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.util.VectorUtil;

/**
 * The in-memory table behind {@link ExactIndex}: one slot per live vector, with its id, vector,
 * collection code and model code in parallel arrays.
 *
 * <p>Slots are dense: deleting moves the last slot into the hole, so a scan never skips
 * tombstones. Each vector is its own {@code float[]} because Lucene's SIMD {@link
 * VectorUtil#dotProduct(float[], float[])} takes whole arrays. Not thread-safe; {@link
 * ExactIndex} guards it with a read-write lock. Holds biometric data: removed and replaced
 * vectors are zeroed at once rather than left for the garbage collector.
 */
final class VectorTable {

  private static final int INITIAL_CAPACITY = 1024;

  private final int dimension;
  private final Map<Long, Integer> slotById = new HashMap<>();
  private final Labels collections = new Labels();
  private final Labels models = new Labels();

  // The arrays below grow by doubling and are replaced when they do, so they cannot be final;
  // they are only touched under ExactIndex's lock.
  private int size;
  private long[] ids = new long[INITIAL_CAPACITY];
  private float[][] vectors = new float[INITIAL_CAPACITY][];
  private int[] collectionCodes = new int[INITIAL_CAPACITY];
  private int[] modelCodes = new int[INITIAL_CAPACITY];
  // Whether the slot's current vector is in the committed file; see deletedOnDisk.
  private boolean[] persisted = new boolean[INITIAL_CAPACITY];
  // How many vectors in the committed file are no longer live (deleted or replaced since).
  // Volatile because stats() reads it under the read lock while a commit resets it, also under
  // the read lock; increments happen under the write lock, so there is one writer at a time.
  private volatile long deletedOnDisk;

  /**
   * Creates an empty table.
   *
   * @param dimension the length of every vector
   */
  VectorTable(int dimension) {
    this.dimension = dimension;
  }

  /**
   * Stores a vector, replacing the one with the same id if present.
   *
   * @param id the vector id
   * @param vector the vector, which the table now owns (the caller passes a private copy)
   * @param collection the collection label
   * @param model the model label
   */
  void put(long id, float[] vector, String collection, String model) {
    assert vector.length == dimension : "dimension " + vector.length + " != " + dimension;
    Integer existing = slotById.get(id);
    int slot;
    if (existing != null) {
      slot = existing;
      forget(slot);
    } else {
      slot = size;
      ensureCapacity(size + 1);
      size++;
      slotById.put(id, slot);
    }
    ids[slot] = id;
    vectors[slot] = vector;
    collectionCodes[slot] = collections.codeOf(collection);
    modelCodes[slot] = models.codeOf(model);
    persisted[slot] = false;
  }

  /**
   * Removes the vector with the given id.
   *
   * @param id the vector id
   * @return whether a vector was removed
   */
  boolean remove(long id) {
    Integer removed = slotById.remove(id);
    if (removed == null) {
      return false;
    }
    int slot = removed;
    forget(slot);
    int last = size - 1;
    if (slot != last) {
      ids[slot] = ids[last];
      vectors[slot] = vectors[last];
      collectionCodes[slot] = collectionCodes[last];
      modelCodes[slot] = modelCodes[last];
      persisted[slot] = persisted[last];
      slotById.put(ids[slot], slot);
    }
    vectors[last] = null;
    size = last;
    return true;
  }

  /**
   * Scans every slot of {@code modelCode} (and of an accepted collection) and offers its score to
   * {@code top}.
   *
   * @param query the query, of the table's dimension
   * @param modelCode the model code to match
   * @param acceptedCollections accepted collection codes indexed by code, or {@code null} for all
   * @param top receives the scores
   */
  void scan(float[] query, int modelCode, boolean[] acceptedCollections, TopHits top) {
    for (int slot = 0; slot < size; slot++) {
      if (modelCodes[slot] != modelCode) {
        continue;
      }
      if (acceptedCollections != null) {
        int code = collectionCodes[slot];
        if (code >= acceptedCollections.length || acceptedCollections[code] == false) {
          continue;
        }
      }
      top.offer(VectorUtil.dotProduct(query, vectors[slot]), ids[slot], slot);
    }
  }

  /** Marks every slot as written to the committed file. */
  void markAllPersisted() {
    Arrays.fill(persisted, 0, size, true);
    deletedOnDisk = 0;
  }

  /** Zeroes every vector and empties the table, so templates do not linger in the heap. */
  void wipe() {
    for (int slot = 0; slot < size; slot++) {
      Arrays.fill(vectors[slot], 0f);
      vectors[slot] = null;
    }
    slotById.clear();
    size = 0;
  }

  int size() {
    return size;
  }

  int dimension() {
    return dimension;
  }

  long deletedOnDisk() {
    return deletedOnDisk;
  }

  long id(int slot) {
    return ids[slot];
  }

  /** Returns the slot's vector itself, not a copy: callers must not modify it. */
  float[] vector(int slot) {
    return vectors[slot];
  }

  int collectionCode(int slot) {
    return collectionCodes[slot];
  }

  int modelCode(int slot) {
    return modelCodes[slot];
  }

  Labels collections() {
    return collections;
  }

  Labels models() {
    return models;
  }

  /** Zeroes the slot's old vector and counts it as deleted on disk if the committed file has it. */
  private void forget(int slot) {
    Arrays.fill(vectors[slot], 0f);
    if (persisted[slot]) {
      deletedOnDisk++;
      persisted[slot] = false;
    }
  }

  private void ensureCapacity(int wanted) {
    if (wanted <= ids.length) {
      return;
    }
    int capacity = Math.max(wanted, ids.length * 2);
    ids = Arrays.copyOf(ids, capacity);
    vectors = Arrays.copyOf(vectors, capacity);
    collectionCodes = Arrays.copyOf(collectionCodes, capacity);
    modelCodes = Arrays.copyOf(modelCodes, capacity);
    persisted = Arrays.copyOf(persisted, capacity);
  }
}
