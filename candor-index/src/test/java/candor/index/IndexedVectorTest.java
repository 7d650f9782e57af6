package candor.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexedVectorTest {

  @Test
  void rejects_a_vector_that_is_not_unit_length() {
    assertThatThrownBy(() -> new IndexedVector(1, new float[] {2f, 0f}, "c", "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vector must have unit L2 norm (1 ± 0.001), got norm 2.000000");
  }

  @Test
  void accepts_a_norm_within_the_tolerance() {
    assertThat(new IndexedVector(1, new float[] {1.0009f, 0f}, "c", "m").dimension()).isEqualTo(2);
  }

  @Test
  void rejects_non_finite_values() {
    assertThatThrownBy(() -> new IndexedVector(1, new float[] {1f, Float.NaN}, "c", "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vector[1] is NaN; values must be finite");
    assertThatThrownBy(
        () -> new IndexedVector(1, new float[] {Float.POSITIVE_INFINITY, 0f}, "c", "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vector[0] is Infinity; values must be finite");
  }

  @Test
  void rejects_an_empty_vector_and_blank_labels() {
    assertThatThrownBy(() -> new IndexedVector(1, new float[0], "c", "m"))
        .hasMessage("vector must not be empty");
    assertThatThrownBy(() -> new IndexedVector(1, new float[] {1f}, " ", "m"))
        .hasMessage("collection must not be blank");
    assertThatThrownBy(() -> new IndexedVector(1, new float[] {1f}, "c", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("modelId");
  }

  @Test
  void copies_the_vector_in_and_out() {
    float[] values = {0f, 1f};
    IndexedVector vector = new IndexedVector(1, values, "c", "m");
    values[1] = 5f;
    vector.vector()[0] = 5f;
    assertThat(vector.vector()).containsExactly(0f, 1f);
  }

  @Test
  void compares_vectors_by_content() {
    assertThat(new IndexedVector(1, new float[] {1f}, "c", "m"))
        .isEqualTo(new IndexedVector(1, new float[] {1f}, "c", "m"))
        .hasSameHashCodeAs(new IndexedVector(1, new float[] {1f}, "c", "m"));
  }

  @Test
  void to_string_leaves_out_the_biometric_vector() {
    assertThat(new IndexedVector(7, new float[] {0.6f, 0.8f}, "c", "m").toString())
        .isEqualTo("IndexedVector[id=7, dimension=2, collection=c, modelId=m]");
  }
}
