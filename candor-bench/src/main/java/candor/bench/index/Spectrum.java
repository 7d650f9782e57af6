package candor.bench.index;

import java.util.List;

/** How many dimensions a set of vectors really spreads over. */
final class Spectrum {

  private Spectrum() {}

  /**
   * Returns the participation ratio of the vectors' covariance, {@code (Σλ)² / Σλ²} over its
   * eigenvalues λ, computed as {@code trace(C)² / ‖C‖²_F} so that no eigen-decomposition is
   * needed. It equals the dimension for vectors spread evenly over every direction and 1 for
   * vectors along one line; graph indexes find neighbours more easily the lower it is.
   *
   * @param vectors at least two vectors of one length
   * @return the effective number of dimensions
   */
  static double effectiveDimensions(List<float[]> vectors) {
    int d = vectors.get(0).length;
    int n = vectors.size();
    double[] mean = new double[d];
    for (float[] v : vectors) {
      for (int i = 0; i < d; i++) {
        mean[i] += v[i] / (double) n;
      }
    }
    double[][] centred = new double[n][d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        centred[r][i] = vectors.get(r)[i] - mean[i];
      }
    }
    double trace = 0;
    double frobenius = 0;
    double[] column = new double[d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        double c = 0;
        for (double[] row : centred) {
          c += row[i] * row[j];
        }
        c /= n - 1;
        column[j] = c;
        frobenius += i == j ? c * c : 2 * c * c;
      }
      trace += column[i];
    }
    return trace * trace / frobenius;
  }
}
