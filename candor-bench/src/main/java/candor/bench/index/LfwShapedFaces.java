package candor.bench.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic face templates shaped like real ones: every identity and every capture is a random
 * blend of real templates' directions, so the synthetic gallery has the spectrum of a real one.
 *
 * <p>Real embeddings do not fill their 512 dimensions evenly: most of their spread lies in a
 * few dozen directions, which is also what lets graph indexes find neighbours. Uniform or
 * isotropic synthetic vectors miss that and break graph recall (see {@link SyntheticFaces}). Here,
 * from the real templates of people with at least two images, the between-person directions are
 * the person means minus the population mean, and the within-person directions are each
 * template minus its person mean (scaled by {@code sqrt(n / (n - 1))} so that they have the
 * spread of single captures). An identity's centre is the population mean plus a Gaussian blend
 * of {@value #BLEND} between-person directions, divided by {@code sqrt(BLEND)}: in expectation its
 * covariance is the real between-person covariance. A capture adds a blend of within-person
 * directions the same way, scaled by a factor solved so that two captures of one identity have
 * the real mean same-person cosine. No synthetic template equals a real one, and millions of
 * identities are made from a few thousand people.
 */
final class LfwShapedFaces implements TemplateGenerator {

  /** Directions per blend: enough for a Gaussian-like mix, few enough to stay cheap. */
  static final int BLEND = 16;
  private static final int CALIBRATION_SAMPLES = 3000;

  private final int dimension;
  private final long seed;
  private final int collections;
  private final float[] populationMean;
  private final float[][] between;
  private final float[][] within;
  private final double realSameCosine;
  private final double realDifferentCosine;
  private final double withinScale;
  private final double realEffectiveDimensions;

  /**
   * Derives the generator from real templates.
   *
   * @param byPerson real unit templates by person
   * @param seed the seed every synthetic template derives from
   * @param collections how many collections identities are spread over
   */
  LfwShapedFaces(Map<String, List<float[]>> byPerson, long seed, int collections) {
    this.seed = seed;
    this.collections = collections;
    List<float[]> means = new ArrayList<>();
    List<float[]> deviations = new ArrayList<>();
    double sameSum = 0;
    long samePairs = 0;
    int dim = -1;
    for (List<float[]> templates : byPerson.values()) {
      if (templates.size() < 2) {
        continue;
      }
      dim = templates.get(0).length;
      float[] mean = new float[dim];
      for (float[] t : templates) {
        add(mean, t, 1.0 / templates.size());
      }
      means.add(mean);
      double correction = Math.sqrt(templates.size() / (templates.size() - 1.0));
      for (int i = 0; i < templates.size(); i++) {
        float[] deviation = templates.get(i).clone();
        add(deviation, mean, -1);
        scale(deviation, correction);
        deviations.add(deviation);
        for (int j = i + 1; j < templates.size(); j++) {
          sameSum += TemplateGenerator.dot(templates.get(i), templates.get(j));
          samePairs++;
        }
      }
    }
    if (means.size() < BLEND) {
      throw new IllegalArgumentException("need at least " + BLEND
          + " people with two or more templates, got " + means.size());
    }
    this.dimension = dim;
    this.populationMean = new float[dim];
    for (float[] mean : means) {
      add(populationMean, mean, 1.0 / means.size());
    }
    this.between = new float[means.size()][];
    for (int p = 0; p < means.size(); p++) {
      float[] direction = means.get(p).clone();
      add(direction, populationMean, -1);
      between[p] = direction;
    }
    this.within = deviations.toArray(float[][]::new);
    this.realSameCosine = sameSum / samePairs;
    this.realDifferentCosine = differentCosine(byPerson, seed);
    this.withinScale = solveWithinScale();
    this.realEffectiveDimensions = Spectrum.effectiveDimensions(
        byPerson.values().stream().map(list -> list.get(0)).toList());
  }

  @Override
  public float[] centre(long identity) {
    SplittableRandom random = new SplittableRandom(TemplateGenerator.mix(seed, identity, -1));
    float[] centre = populationMean.clone();
    blend(centre, between, random, 1);
    return centre;
  }

  @Override
  public float[] template(float[] centre, long identity, long capture) {
    return capture(centre, new SplittableRandom(TemplateGenerator.mix(seed, identity, capture)),
        withinScale);
  }

  @Override
  public String collection(long identity) {
    return "collection-" + Math.floorMod(TemplateGenerator.mix(seed, identity, -2), collections);
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "LFW-shaped: blends of %d directions from %,d real people"
        + " and %,d real captures (within-person scale %.3f); real LFW mean cosine same person"
        + " %.3f, different people %.3f, effective dimensions %.1f", BLEND, between.length,
        within.length, withinScale, realSameCosine, realDifferentCosine, realEffectiveDimensions);
  }

  private float[] capture(float[] centre, SplittableRandom random, double scale) {
    float[] v = centre.clone();
    blend(v, within, random, scale);
    return TemplateGenerator.normalize(v);
  }

  /** Adds {@code scale / sqrt(BLEND) * Σ g_r · directions[pick_r]} to {@code target}. */
  private static void blend(float[] target, float[][] directions, SplittableRandom random,
      double scale) {
    double weight = scale / Math.sqrt(BLEND);
    for (int r = 0; r < BLEND; r++) {
      add(target, directions[random.nextInt(directions.length)], weight * random.nextGaussian());
    }
  }

  /** Bisects the within-person scale until two captures have the real mean cosine. */
  private double solveWithinScale() {
    double low = 0.05;
    double high = 4;
    for (int step = 0; step < 30; step++) {
      double middle = (low + high) / 2;
      if (syntheticSameCosine(middle) > realSameCosine) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return (low + high) / 2;
  }

  private double syntheticSameCosine(double scale) {
    // The same random streams for every candidate scale, so the bisection sees a smooth curve.
    double sum = 0;
    for (int i = 0; i < CALIBRATION_SAMPLES; i++) {
      float[] centre = centre(-1000 - i);
      float[] a = capture(centre, new SplittableRandom(TemplateGenerator.mix(seed, i, -7)), scale);
      float[] b = capture(centre, new SplittableRandom(TemplateGenerator.mix(seed, i, -8)), scale);
      sum += TemplateGenerator.dot(a, b);
    }
    return sum / CALIBRATION_SAMPLES;
  }

  private static double differentCosine(Map<String, List<float[]>> byPerson, long seed) {
    List<float[]> firsts = byPerson.values().stream().map(list -> list.get(0)).toList();
    SplittableRandom random = new SplittableRandom(seed);
    double sum = 0;
    int samples = 20_000;
    for (int i = 0; i < samples; i++) {
      int a = random.nextInt(firsts.size());
      int b = (a + 1 + random.nextInt(firsts.size() - 1)) % firsts.size();
      sum += TemplateGenerator.dot(firsts.get(a), firsts.get(b));
    }
    return sum / samples;
  }

  private static void add(float[] target, float[] v, double weight) {
    for (int i = 0; i < target.length; i++) {
      target[i] += (float) (weight * v[i]);
    }
  }

  private static void scale(float[] v, double factor) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= (float) factor;
    }
  }

  int dimension() {
    return dimension;
  }
}
