package candor.core.eval;

import static candor.vision.Embedding.dot;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The comparisons within one group of identities: every genuine pair (two images of one
 * identity) and every impostor pair (one image each of two different identities of the group),
 * sampled when there are more than a cap.
 *
 * <p>Order: genuine pairs identity by identity, then image a before image b (a &lt; b); impostor
 * pairs identity a before identity b (a &lt; b), then every image of a with every image of b.
 * Above the cap exactly {@code maxPairs} pairs are chosen, uniformly without replacement, by
 * selection sampling (Knuth, TAOCP vol. 2, Algorithm S) from a {@link SplittableRandom} with the
 * given seed: the same seed and group give the same sample.
 *
 * <p>Pure arithmetic, no I/O; thread-safe.
 */
public final class GroupPairs {
  private GroupPairs() {}

  /** Receives one pair of images: identities and images as positions within the group. */
  @FunctionalInterface
  public interface PairVisitor {
    /**
     * Receives a pair.
     *
     * @param identityA the first image's identity
     * @param imageA the first image, within its identity
     * @param identityB the second image's identity (equal to {@code identityA} for a genuine pair)
     * @param imageB the second image, within its identity
     */
    void visit(int identityA, int imageA, int identityB, int imageB);
  }

  /**
   * Scores of a group's pairs.
   *
   * @param genuine similarity of each genuine pair compared, ascending; negative infinity where an
   *     image had no face; not copied
   * @param genuineAvailable genuine pairs the group has (compared or not)
   * @param impostor similarity of each impostor pair compared, ascending; not copied
   * @param impostorAvailable impostor pairs the group has
   * @param high the impostor pairs compared that scored at or above {@code highFrom}, with their
   *     identities
   */
  public record Scores(float[] genuine, long genuineAvailable, float[] impostor, long impostorAvailable,
      HighImpostors high) {

    /**
     * Counts the distinct pairs of identities among the impostor pairs at or above a threshold: a
     * handful of look-alike (or mislabelled) people can make all of a small group's false
     * matches.
     *
     * @param threshold the threshold
     * @return the count; null when the threshold is below {@link HighImpostors#from()} (the pairs
     *     were not kept)
     */
    public Integer identityPairsAtOrAbove(double threshold) {
      if (threshold < high.from()) {
        return null;
      }
      Set<Long> pairs = new HashSet<>();
      for (int i = 0; i < high.scores().length; i++) {
        if (high.scores()[i] >= threshold) {
          pairs.add((long) high.identityA()[i] << 32 | high.identityB()[i]);
        }
      }
      return pairs.size();
    }
  }

  /**
   * The impostor pairs that scored at or above a floor, with their identities (positions within
   * the group), in enumeration order.
   *
   * @param from the floor
   * @param scores each pair's similarity; not copied
   * @param identityA each pair's first identity; not copied
   * @param identityB each pair's second identity; not copied
   */
  public record HighImpostors(double from, float[] scores, int[] identityA, int[] identityB) {}

  /**
   * Counts the genuine pairs: the sum over identities of n(n-1)/2.
   *
   * @param sizes images per identity
   * @return the count
   */
  public static long genuineCount(int[] sizes) {
    long n = 0;
    for (int s : sizes) {
      n += (long) s * (s - 1) / 2;
    }
    return n;
  }

  /**
   * Counts the impostor pairs: the sum over identities a &lt; b of n_a n_b.
   *
   * @param sizes images per identity
   * @return the count
   */
  public static long impostorCount(int[] sizes) {
    long total = 0;
    long squares = 0;
    for (int s : sizes) {
      total += s;
      squares += (long) s * s;
    }
    return (total * total - squares) / 2;
  }

  /**
   * Visits the genuine pairs, or a sample of {@code maxPairs} of them.
   *
   * @param sizes images per identity
   * @param maxPairs the cap, at least 1
   * @param seed the sample's seed
   * @param visitor receives each pair, in enumeration order
   * @return the pairs visited: {@code min(genuineCount(sizes), maxPairs)}
   */
  public static long genuine(int[] sizes, long maxPairs, long seed, PairVisitor visitor) {
    Selection take = new Selection(genuineCount(sizes), maxPairs, seed);
    for (int id = 0; id < sizes.length && take.done() == false; id++) {
      for (int a = 0; a < sizes[id]; a++) {
        for (int b = a + 1; b < sizes[id]; b++) {
          if (take.next()) {
            visitor.visit(id, a, id, b);
          }
        }
      }
    }
    return take.taken;
  }

  /**
   * Visits the impostor pairs, or a sample of {@code maxPairs} of them.
   *
   * @param sizes images per identity
   * @param maxPairs the cap, at least 1
   * @param seed the sample's seed
   * @param visitor receives each pair, in enumeration order
   * @return the pairs visited: {@code min(impostorCount(sizes), maxPairs)}
   */
  public static long impostor(int[] sizes, long maxPairs, long seed, PairVisitor visitor) {
    Selection take = new Selection(impostorCount(sizes), maxPairs, seed);
    for (int ia = 0; ia < sizes.length && take.done() == false; ia++) {
      for (int ib = ia + 1; ib < sizes.length; ib++) {
        for (int a = 0; a < sizes[ia]; a++) {
          for (int b = 0; b < sizes[ib]; b++) {
            if (take.next()) {
              visitor.visit(ia, a, ib, b);
            }
          }
        }
      }
    }
    return take.taken;
  }

  /**
   * Scores a group's pairs by cosine similarity.
   *
   * @param templates per identity, per image, its L2-normalised template or null when the image
   *     had no face (its pairs score negative infinity: a genuine one never matches)
   * @param maxPairs the cap per kind (genuine, impostor), at least 1
   * @param seed the samples' seed
   * @param highFrom keep the identities of impostor pairs scoring at least this (the lowest
   *     threshold of interest; the higher, the fewer kept)
   * @return the scores, sorted
   */
  public static Scores score(List<List<float[]>> templates, long maxPairs, long seed, double highFrom) {
    int[] sizes = templates.stream().mapToInt(List::size).toArray();
    float[] genuine = new float[(int) Math.min(genuineCount(sizes), maxPairs)];
    int[] g = {0};
    genuine(sizes, maxPairs, seed, (ia, a, ib, b) ->
        genuine[g[0]++] = similarity(templates.get(ia).get(a), templates.get(ib).get(b)));
    float[] impostor = new float[(int) Math.min(impostorCount(sizes), maxPairs)];
    int[] m = {0};
    High high = new High();
    impostor(sizes, maxPairs, ~seed, (ia, a, ib, b) -> {
      float s = similarity(templates.get(ia).get(a), templates.get(ib).get(b));
      impostor[m[0]++] = s;
      if (s >= highFrom) {
        high.add(s, ia, ib);
      }
    });
    assert g[0] == genuine.length && m[0] == impostor.length : "sampled " + g[0] + "/" + m[0];
    Arrays.sort(genuine);
    Arrays.sort(impostor);
    return new Scores(genuine, genuineCount(sizes), impostor, impostorCount(sizes), high.done(highFrom));
  }

  /** A growing list of high-scoring impostor pairs. */
  private static final class High {
    private float[] scores = new float[64];
    private int[] a = new int[64];
    private int[] b = new int[64];
    private int n;

    void add(float score, int ia, int ib) {
      if (n == scores.length) {
        scores = Arrays.copyOf(scores, 2 * n);
        a = Arrays.copyOf(a, 2 * n);
        b = Arrays.copyOf(b, 2 * n);
      }
      scores[n] = score;
      a[n] = ia;
      b[n] = ib;
      n++;
    }

    HighImpostors done(double from) {
      return new HighImpostors(from, Arrays.copyOf(scores, n), Arrays.copyOf(a, n), Arrays.copyOf(b, n));
    }
  }

  private static float similarity(float[] x, float[] y) {
    return x == null || y == null ? Float.NEGATIVE_INFINITY : (float) dot(x, y);
  }

  /** Algorithm S: take each of {@code available} items with probability needed / remaining. */
  private static final class Selection {
    private final SplittableRandom random;
    private final boolean all;
    private long needed;
    private long remaining;
    long taken;

    Selection(long available, long maxPairs, long seed) {
      if (maxPairs < 1) {
        throw new IllegalArgumentException("maxPairs must be at least 1, got " + maxPairs);
      }
      this.random = new SplittableRandom(seed);
      this.all = available <= maxPairs;
      this.needed = Math.min(available, maxPairs);
      this.remaining = available;
    }

    boolean done() {
      return needed == 0;
    }

    boolean next() {
      if (needed == 0) {
        return false;
      }
      boolean take = all || random.nextLong(remaining) < needed;
      remaining--;
      if (take) {
        needed--;
        taken++;
      }
      return take;
    }
  }
}
