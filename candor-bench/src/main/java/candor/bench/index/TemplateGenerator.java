package candor.bench.index;

/**
 * Deterministic synthetic face templates for the vector benchmark: identities with a centre, and
 * captures of each identity scattered around it. Template {@code j} of identity {@code i} always
 * comes out the same, so a million of them cost no memory and a query built with a capture
 * number past the enrolled ones is a fresh photo of an enrolled person.
 */
interface TemplateGenerator {

  /**
   * Returns the centre of an identity (not necessarily unit length).
   *
   * @param identity the identity number
   * @return a fresh array
   */
  float[] centre(long identity);

  /**
   * Returns capture {@code capture} of the identity with the given centre.
   *
   * @param centre the identity's centre, from {@link #centre(long)}
   * @param identity the identity number
   * @param capture which capture of the identity
   * @return a unit vector
   */
  float[] template(float[] centre, long identity, long capture);

  /**
   * Returns the collection an identity is enrolled in.
   *
   * @param identity the identity number
   * @return a name such as {@code "collection-2"}
   */
  String collection(long identity);

  /**
   * Says in a line how the templates are made, for the report.
   *
   * @return a description
   */
  String describe();

  /** A SplitMix64-style hash of three numbers, so neighbouring seeds give unrelated streams. */
  static long mix(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L + c;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Scales {@code v} to unit length in place and returns it. */
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

  /** The dot product in double precision. */
  static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }
}
