package candor.index.exact;

/**
 * Keeps the {@code k} best (score, id, slot) triples offered to it, best meaning a higher score
 * and, on equal scores, a lower id.
 *
 * <p>A binary min-heap whose root is the worst kept entry, so an offer that cannot get in costs
 * one comparison: in a scan of a million vectors almost every offer is such a one. Not
 * thread-safe; each search uses its own.
 */
final class TopHits {

  private final float[] scores;
  private final long[] ids;
  private final int[] slots;
  // Mutable by design: the number of entries kept so far, up to scores.length.
  private int size;

  /**
   * Creates an empty collector.
   *
   * @param k how many entries to keep, at least 1
   */
  TopHits(int k) {
    assert k >= 1 : "k must be positive: " + k;
    scores = new float[k];
    ids = new long[k];
    slots = new int[k];
  }

  /**
   * Offers an entry, keeping it if it is among the best {@code k} so far.
   *
   * @param score the similarity
   * @param id the vector id, the tie-breaker
   * @param slot where the vector lives in its table
   */
  void offer(float score, long id, int slot) {
    if (size < scores.length) {
      scores[size] = score;
      ids[size] = id;
      slots[size] = slot;
      siftUp(size++);
    } else if (worse(scores[0], ids[0], score, id)) {
      scores[0] = score;
      ids[0] = id;
      slots[0] = slot;
      siftDown(0);
    }
  }

  /**
   * Returns the number of entries kept.
   *
   * @return at most {@code k}
   */
  int size() {
    return size;
  }

  /**
   * Moves the kept entries into the given arrays, best first, and empties the collector.
   *
   * @param outScores receives the scores; at least {@link #size()} long
   * @param outIds receives the ids
   * @param outSlots receives the slots
   * @return the number of entries written
   */
  int drainBestFirst(float[] outScores, long[] outIds, int[] outSlots) {
    int count = size;
    // Popping the root yields the worst entry first, so fill the arrays from the back.
    for (int i = count - 1; i >= 0; i--) {
      outScores[i] = scores[0];
      outIds[i] = ids[0];
      outSlots[i] = slots[0];
      size--;
      scores[0] = scores[size];
      ids[0] = ids[size];
      slots[0] = slots[size];
      siftDown(0);
    }
    return count;
  }

  private static boolean worse(float scoreA, long idA, float scoreB, long idB) {
    return scoreA < scoreB || (scoreA == scoreB && idA > idB);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (worse(scores[i], ids[i], scores[parent], ids[parent]) == false) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int worst = left;
      int right = left + 1;
      if (right < size && worse(scores[right], ids[right], scores[left], ids[left])) {
        worst = right;
      }
      if (worse(scores[worst], ids[worst], scores[i], ids[i]) == false) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int a, int b) {
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    long id = ids[a];
    ids[a] = ids[b];
    ids[b] = id;
    int slot = slots[a];
    slots[a] = slots[b];
    slots[b] = slot;
  }
}
