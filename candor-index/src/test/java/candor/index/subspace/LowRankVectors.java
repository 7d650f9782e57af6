package candor.index.subspace;

import candor.index.TestVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Unit vectors that vary in a few random directions of a bigger space, as face templates do:
 * identities are random points of a {@code rank}-dimensional subspace, each with five captures
 * scattered around it, plus a faint isotropic noise in every dimension.
 *
 * @param vectors the vectors, five consecutive ones per identity
 */
public record LowRankVectors(List<float[]> vectors) {

  // Per dimension; over 256 dimensions about 1e-5 of a unit vector's energy.
  private static final double NOISE = 2e-4;

  public static LowRankVectors of(Random random, int dimension, int rank, int count) {
    float[][] directions = orthonormal(random, dimension, rank);
    List<float[]> vectors = new ArrayList<>(count);
    double[] centre = new double[rank];
    for (int i = 0; i < count; i++) {
      if (i % 5 == 0) {
        for (int k = 0; k < rank; k++) {
          centre[k] = random.nextGaussian();
        }
      }
      vectors.add(capture(random, directions, centre, dimension));
    }
    return new LowRankVectors(vectors);
  }

  /** Returns a fresh capture of the identity with the given coordinates. */
  private static float[] capture(Random random, float[][] directions, double[] centre,
      int dimension) {
    float[] v = new float[dimension];
    for (int k = 0; k < directions.length; k++) {
      double weight = centre[k] + 0.4 * random.nextGaussian();
      for (int j = 0; j < dimension; j++) {
        v[j] += (float) (weight * directions[k][j]);
      }
    }
    TestVectors.normalize(v);
    for (int j = 0; j < dimension; j++) {
      v[j] += (float) (NOISE * random.nextGaussian());
    }
    return TestVectors.normalize(v);
  }

  private static float[][] orthonormal(Random random, int dimension, int rank) {
    float[][] basis = new float[rank][];
    for (int k = 0; k < rank; k++) {
      float[] v = TestVectors.unit(random, dimension);
      for (int previous = 0; previous < k; previous++) {
        float along = (float) TestVectors.dot(v, basis[previous]);
        for (int j = 0; j < dimension; j++) {
          v[j] -= along * basis[previous][j];
        }
      }
      basis[k] = TestVectors.normalize(v);
    }
    return basis;
  }
}
