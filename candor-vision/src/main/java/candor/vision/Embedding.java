package candor.vision;

import java.util.Arrays;
import java.util.Objects;

/**
 * A face template: an L2-normalised vector tagged with the model pack that made it, because
 * templates of different models must never be compared.
 *
 * <p>Privacy: a template is biometric data; whoever stores or logs it must treat it as such.
 *
 * @param values unit-length vector (copied in and out)
 * @param modelId the pack identifier, e.g. {@code "default"}
 */
public record Embedding(float[] values, String modelId) {
  public Embedding {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(modelId, "modelId");
    double norm = 0;
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("template values must be finite");
      }
      norm += v * v;
    }
    if (Math.abs(Math.sqrt(norm) - 1) > 1e-3) {
      throw new IllegalArgumentException("template must be L2-normalised, norm is " + Math.sqrt(norm));
    }
    values = values.clone();
  }

  @Override
  public float[] values() {
    return values.clone();
  }

  /** Number of dimensions. */
  public int dimension() {
    return values.length;
  }

  /**
   * Cosine similarity with another template of the same model, in [-1, 1].
   *
   * @throws IllegalArgumentException when the models or dimensions differ
   */
  public float similarity(Embedding other) {
    if (!modelId.equals(other.modelId)) {
      throw new IllegalArgumentException(
          "templates of different models cannot be compared: " + modelId + " vs " + other.modelId);
    }
    if (values.length != other.values.length) {
      throw new IllegalArgumentException(
          "expected dimension " + values.length + ", got " + other.values.length);
    }
    return (float) dot(values, other.values);
  }

  /**
   * The dot product of two template vectors of the same length: their cosine similarity when
   * both are L2-normalised.
   */
  public static double dot(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && modelId.equals(e.modelId) && Arrays.equals(values, e.values);
  }

  @Override
  public int hashCode() {
    return 31 * modelId.hashCode() + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Embedding[" + modelId + ", " + values.length + "-d]";
  }
}
