package candor.bench.index;

import java.util.SplittableRandom;

/**
 * Deterministic synthetic face templates with the similarity structure of real ones, generated on
 * demand so that a million of them cost no memory.
 *
 * <p>Each identity has a random unit centre that shares a small common component with every
 * other centre (real embeddings of faces are not spread over the whole sphere); each template is
 * {@code normalize(centre + σ·g)} with Gaussian {@code g}. In {@code d} dimensions the expected
 * cosine of two templates of one identity is {@code 1 / (1 + σ²d)} and of two identities {@code
 * β² / (1 + σ²d)}, where {@code β} is the weight of the common component; σ and β are solved
 * from the wanted means. Template {@code j} of identity {@code i} always comes out the same for
 * a given seed, and faces enrolled in the index use {@code j < templatesPerIdentity}, so a query
 * built with a larger {@code j} is a fresh capture of an enrolled identity.
 */
final class SyntheticFaces {

  private final int dimension;
  private final long seed;
  private final int collections;
  private final double sigma;
  private final double commonWeight;
  private final float[] common;

  /**
   * Creates the generator.
   *
   * @param dimension the template length
   * @param seed the seed every template derives from
   * @param collections how many collections identities are spread over
   * @param sameIdentityCosine the wanted mean cosine of two templates of one identity, in (0, 1)
   * @param differentIdentityCosine the wanted mean cosine of templates of two identities
   */
  SyntheticFaces(int dimension, long seed, int collections, double sameIdentityCosine,
      double differentIdentityCosine) {
    this.dimension = dimension;
    this.seed = seed;
    this.collections = collections;
    // 1 / (1 + σ²d) = same  =>  σ² = (1 / same - 1) / d
    this.sigma = Math.sqrt((1 / sameIdentityCosine - 1) / dimension);
    // β² / (1 + σ²d) = different  =>  β² = different / same
    this.commonWeight = Math.sqrt(Math.max(0, differentIdentityCosine / sameIdentityCosine));
    this.common = gaussianUnit(new SplittableRandom(seed));
  }

  /**
   * Returns the unit centre of an identity.
   *
   * @param identity the identity number
   * @return a fresh array
   */
  float[] centre(long identity) {
    float[] own = gaussianUnit(new SplittableRandom(mix(seed, identity, -1)));
    double ownWeight = Math.sqrt(1 - commonWeight * commonWeight);
    for (int i = 0; i < dimension; i++) {
      own[i] = (float) (commonWeight * common[i] + ownWeight * own[i]);
    }
    return normalize(own);
  }

  /**
   * Returns template {@code capture} of the identity with the given centre.
   *
   * @param centre the identity's centre, from {@link #centre(long)}
   * @param identity the identity number
   * @param capture which capture of the identity
   * @return a unit vector
   */
  float[] template(float[] centre, long identity, long capture) {
    SplittableRandom random = new SplittableRandom(mix(seed, identity, capture));
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) (centre[i] + sigma * random.nextGaussian());
    }
    return normalize(v);
  }

  /**
   * Returns the collection an identity is enrolled in.
   *
   * @param identity the identity number
   * @return a name such as {@code "collection-2"}
   */
  String collection(long identity) {
    return "collection-" + Math.floorMod(mix(seed, identity, -2), collections);
  }

  /**
   * Returns the noise per dimension that was solved for.
   *
   * @return σ
   */
  double sigma() {
    return sigma;
  }

  private float[] gaussianUnit(SplittableRandom random) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return normalize(v);
  }

  static float[] normalize(float[] v) {
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

  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  /** A SplitMix64-style hash of the three numbers, so neighbouring seeds give unrelated streams. */
  private static long mix(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L + c;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
