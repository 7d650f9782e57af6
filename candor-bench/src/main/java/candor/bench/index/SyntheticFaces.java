package candor.bench.index;

import java.util.SplittableRandom;

/**
 * Isotropic synthetic face templates: identities spread evenly over the sphere. Their mean
 * cosines match real face templates', but their spread does not (real templates occupy far fewer
 * effective dimensions, see {@link LfwShapedFaces}); this is the hard case for graph indexes, kept
 * for comparison ({@code --basis isotropic}).
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
final class SyntheticFaces implements TemplateGenerator {

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

  @Override
  public float[] centre(long identity) {
    float[] own = gaussianUnit(new SplittableRandom(TemplateGenerator.mix(seed, identity, -1)));
    double ownWeight = Math.sqrt(1 - commonWeight * commonWeight);
    for (int i = 0; i < dimension; i++) {
      own[i] = (float) (commonWeight * common[i] + ownWeight * own[i]);
    }
    return TemplateGenerator.normalize(own);
  }

  @Override
  public float[] template(float[] centre, long identity, long capture) {
    SplittableRandom random = new SplittableRandom(TemplateGenerator.mix(seed, identity, capture));
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) (centre[i] + sigma * random.nextGaussian());
    }
    return TemplateGenerator.normalize(v);
  }

  @Override
  public String collection(long identity) {
    return "collection-" + Math.floorMod(TemplateGenerator.mix(seed, identity, -2), collections);
  }

  @Override
  public String describe() {
    return String.format(java.util.Locale.ROOT,
        "isotropic: random unit centres, Gaussian noise sigma %.4f per dimension", sigma);
  }

  private float[] gaussianUnit(SplittableRandom random) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return TemplateGenerator.normalize(v);
  }
}
