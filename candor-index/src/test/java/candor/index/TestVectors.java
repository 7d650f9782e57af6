package candor.index;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/** Seeded random unit vectors and a brute-force reference search, for index tests. */
public final class TestVectors {

  private TestVectors() {}

  /**
   * Returns the seed for a test: {@code -Dtests.seed} if given, else a fresh one; logs it so a
   * failure can be replayed.
   *
   * @param testName the test's display name, logged with the seed
   * @return the seed
   */
  public static long seed(String testName) {
    String fixed = System.getProperty("tests.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
    System.out.println("[seed] " + testName + ": replay with -Dtests.seed=" + seed);
    return seed;
  }

  /**
   * Returns a random unit vector, uniform on the sphere.
   *
   * @param random the source of randomness
   * @param dimension the vector length
   * @return a vector of L2 norm 1
   */
  public static float[] unit(Random random, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return normalize(v);
  }

  /**
   * Returns a random unit vector close to {@code centre}: the centre plus Gaussian noise of the
   * given standard deviation per dimension, normalised.
   *
   * @param random the source of randomness
   * @param centre a unit vector
   * @param sigma the noise per dimension
   * @return a unit vector
   */
  public static float[] near(Random random, float[] centre, double sigma) {
    float[] v = new float[centre.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (centre[i] + sigma * random.nextGaussian());
    }
    return normalize(v);
  }

  /**
   * Scales {@code v} in place to unit length.
   *
   * @param v a non-zero vector
   * @return {@code v}
   */
  public static float[] normalize(float[] v) {
    double squares = 0;
    for (float x : v) {
      squares += (double) x * x;
    }
    float inverse = (float) (1 / Math.sqrt(squares));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inverse;
    }
    return v;
  }

  /**
   * Returns the dot product in double precision.
   *
   * @param a a vector
   * @param b a vector of the same length
   * @return their dot product
   */
  public static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  /**
   * Returns the ids of the {@code k} vectors most similar to {@code query} among those accepted,
   * best first, ties by ascending id: the reference every index must match.
   *
   * @param vectors the stored vectors
   * @param query the query
   * @param k how many ids
   * @param accept which vectors may be returned
   * @return the ids
   */
  public static List<Long> exactTopIds(List<IndexedVector> vectors, float[] query, int k,
      Predicate<IndexedVector> accept) {
    record Scored(long id, double score) {}
    List<Scored> scored = new ArrayList<>();
    for (IndexedVector v : vectors) {
      if (accept.test(v)) {
        scored.add(new Scored(v.id(), dot(v.vector(), query)));
      }
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed()
        .thenComparingLong(Scored::id));
    return scored.stream().limit(k).map(Scored::id).toList();
  }

  /**
   * Returns the byte patterns an erased template may leave in a file: its float32 vector in
   * 32-byte windows and its id as 8 bytes, in both byte orders. Erasure tests search every index
   * file for each.
   *
   * @param secret the erased template
   * @return the patterns
   */
  public static List<byte[]> erasedBytes(IndexedVector secret) {
    List<byte[]> needles = new ArrayList<>();
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      byte[] all = floatBytes(secret.vector(), order);
      for (int start = 0; start + 32 <= all.length; start += 32) {
        needles.add(Arrays.copyOfRange(all, start, start + 32));
      }
      needles.add(ByteBuffer.allocate(Long.BYTES).order(order).putLong(secret.id()).array());
    }
    return needles;
  }

  /**
   * Returns a vector's float32 bytes.
   *
   * @param vector the vector
   * @param order the byte order
   * @return 4 bytes per component
   */
  public static byte[] floatBytes(float[] vector, ByteOrder order) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(order);
    for (float v : vector) {
      buffer.putFloat(v);
    }
    return buffer.array();
  }

  /**
   * Returns the first position of {@code needle} in {@code haystack}.
   *
   * @param haystack the bytes searched
   * @param needle the bytes looked for
   * @return the index, or -1 if absent
   */
  public static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
