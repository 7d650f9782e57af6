package candor.index.subspace;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.lucene.store.DataInput;
import org.apache.lucene.store.DataOutput;
import org.apache.lucene.util.VectorUtil;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * The few directions in which one segment's templates actually vary, found by an
 * eigendecomposition of their second-moment matrix, and the projection onto them.
 *
 * <p>Why: a face embedder's 512 outputs are not 512 independent numbers. Candor's shipped model
 * ends in a linear layer whose singular values fall from 2.8 to 0.15 by the 160th, and 99.99 % of
 * the energy of real LFW templates (fitted on half the people, measured on the other half) lies
 * in 160 directions. Walking a graph over 160-d copies reads a third of the bytes per comparison,
 * and the graph walk is memory-bound. The projection loses nothing that matters: every candidate
 * is rescored from its full template, so the subspace only decides which candidates are found.
 *
 * <p>The basis is orthonormal, so the dot product of two projected templates equals theirs minus
 * the part that lies outside the subspace (under 10⁻⁴ of the energy).
 *
 * <p>Public because two indexes use it: the embedded Lucene format fits one per segment and
 * field ({@code candor.index.lucene.ReducedVectorsFormat}); the SolrCloud index fits one per face
 * model and keeps it in ZooKeeper ({@code candor.index.solr.ModelBasis}). Immutable and
 * thread-safe.
 */
public final class Subspace {

  /** The share of the sample's energy the kept directions must hold. */
  public static final double KEPT_ENERGY = 0.9999;
  /** Fewer vectors than this cannot pin down a subspace of a few hundred dimensions. */
  public static final int MIN_SAMPLE = 2048;
  /** The second-moment matrix is estimated from at most this many vectors, evenly spaced. */
  public static final int MAX_SAMPLE = 8192;
  /**
   * The number of directions kept is a multiple of this: SIMD dot products run in lanes of up
   * to 16 floats, and a multiple avoids a scalar tail.
   */
  public static final int DIMENSION_STEP = 16;
  // Any fixed seed; fixed so that the same vectors always give the same basis.
  private static final long ROTATION_SEED = 0x43616e646f72L;

  private final float[][] basis;

  private Subspace(float[][] basis) {
    this.basis = basis;
  }

  /**
   * Fits the subspace of a set of vectors (a segment's, or a sample of a model's), or says that none pays.
   *
   * @param vectors the segment's vectors, in any order; at most {@link #MAX_SAMPLE} evenly spaced
   *     ones are read
   * @param dimension their dimension
   * @return the subspace, or {@code null} when there are fewer than {@link #MIN_SAMPLE} vectors
   *     or keeping {@link #KEPT_ENERGY} of their energy needs more than half the dimensions
   */
  public static Subspace fit(List<float[]> vectors, int dimension) {
    int count = vectors.size();
    if (count < MIN_SAMPLE) {
      return null;
    }
    int rows = Math.min(count, MAX_SAMPLE);
    DMatrixRMaj sample = new DMatrixRMaj(rows, dimension);
    for (int row = 0; row < rows; row++) {
      float[] vector = vectors.get((int) ((long) row * count / rows));
      for (int j = 0; j < dimension; j++) {
        sample.unsafe_set(row, j, vector[j]);
      }
    }
    DMatrixRMaj moments = new DMatrixRMaj(dimension, dimension);
    CommonOps_DDRM.multInner(sample, moments);
    EigenDecomposition_F64<DMatrixRMaj> eigen =
        DecompositionFactory_DDRM.eig(dimension, true, true);
    if (!eigen.decompose(moments)) {
      return null;
    }
    Integer[] order = new Integer[dimension];
    double total = 0;
    for (int i = 0; i < dimension; i++) {
      order[i] = i;
      total += eigen.getEigenvalue(i).getReal();
    }
    Arrays.sort(order, (a, b) ->
        Double.compare(eigen.getEigenvalue(b).getReal(), eigen.getEigenvalue(a).getReal()));
    int kept = 0;
    double energy = 0;
    while (kept < dimension && energy < KEPT_ENERGY * total) {
      energy += eigen.getEigenvalue(order[kept++]).getReal();
    }
    kept = Math.min(dimension, (kept + DIMENSION_STEP - 1) / DIMENSION_STEP * DIMENSION_STEP);
    if (kept > dimension / 2) {
      return null;
    }
    DMatrixRMaj directions = new DMatrixRMaj(kept, dimension);
    for (int k = 0; k < kept; k++) {
      DMatrixRMaj direction = eigen.getEigenVector(order[k]);
      for (int j = 0; j < dimension; j++) {
        directions.unsafe_set(k, j, direction.get(j));
      }
    }
    // The eigenvectors put most of the spread in the first coordinates and little in the last,
    // and Lucene's int8 quantization gives every coordinate of a vector the same step: a fixed
    // random rotation within the subspace spreads the energy evenly over the coordinates again.
    // Measured at 1M faces it changed nothing (recall@10 0.987 with and without, 400 candidates),
    // but it keeps the quantization's assumption true at no cost.
    DMatrixRMaj rotated = new DMatrixRMaj(kept, dimension);
    CommonOps_DDRM.mult(randomRotation(kept), directions, rotated);
    float[][] basis = new float[kept][dimension];
    for (int k = 0; k < kept; k++) {
      for (int j = 0; j < dimension; j++) {
        basis[k][j] = (float) rotated.unsafe_get(k, j);
      }
    }
    return new Subspace(basis);
  }

  /** A fixed pseudo-random orthogonal matrix: the Q of a seeded Gaussian matrix. */
  private static DMatrixRMaj randomRotation(int size) {
    SplittableRandom random = new SplittableRandom(ROTATION_SEED);
    DMatrixRMaj gaussian = new DMatrixRMaj(size, size);
    for (int i = 0; i < gaussian.data.length; i++) {
      gaussian.data[i] = random.nextGaussian();
    }
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(size, size);
    if (!qr.decompose(gaussian)) {
      throw new IllegalStateException("QR decomposition of a random matrix failed");
    }
    return qr.getQ(null, false);
  }

  /** Returns the number of directions kept. */
  public int dimension() {
    return basis.length;
  }

  /** Returns the dimension of the vectors projected. */
  public int sourceDimension() {
    return basis[0].length;
  }

  /**
   * Returns the coordinates of a vector in this subspace.
   *
   * @param vector a vector of {@link #sourceDimension()} values
   * @return a fresh array of {@link #dimension()} values
   */
  public float[] project(float[] vector) {
    float[] projected = new float[basis.length];
    for (int k = 0; k < basis.length; k++) {
      projected[k] = VectorUtil.dotProduct(vector, basis[k]);
    }
    return projected;
  }

  /** Writes the basis: its two dimensions, then its rows. */
  public void write(DataOutput out) throws IOException {
    out.writeVInt(basis.length);
    out.writeVInt(basis[0].length);
    for (float[] row : basis) {
      for (float value : row) {
        out.writeInt(Float.floatToIntBits(value));
      }
    }
  }

  /**
   * Reads a basis that {@link #write} wrote.
   *
   * @param in the input
   * @param sourceDimension the dimension of the field it belongs to, checked against the stored one
   * @return the subspace
   * @throws IOException if reading fails or the stored dimensions do not fit the field
   */
  public static Subspace read(DataInput in, int sourceDimension) throws IOException {
    int kept = in.readVInt();
    int stored = in.readVInt();
    if (stored != sourceDimension || kept < 1 || kept > sourceDimension) {
      throw new IOException("a subspace of " + kept + " of " + stored
          + " dimensions does not fit a field of " + sourceDimension + " dimensions");
    }
    float[][] basis = new float[kept][sourceDimension];
    for (float[] row : basis) {
      for (int j = 0; j < sourceDimension; j++) {
        row[j] = Float.intBitsToFloat(in.readInt());
      }
    }
    return new Subspace(basis);
  }
}
