package candor.index.subspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.index.TestVectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.junit.jupiter.api.Test;

class SubspaceTest {

  private final Random random = new Random(TestVectors.seed("SubspaceTest"));

  @Test
  void finds_the_directions_low_rank_vectors_vary_in_and_keeps_their_dot_products() {
    List<float[]> vectors = LowRankVectors.of(random, 256, 40, 3000).vectors();

    Subspace subspace = Subspace.fit(vectors, 256);

    // 40 directions hold the energy; the count is rounded up to a multiple of 16.
    assertThat(subspace).isNotNull();
    assertThat(subspace.dimension()).isEqualTo(48);
    assertThat(subspace.sourceDimension()).isEqualTo(256);
    for (int i = 0; i < 200; i++) {
      float[] a = vectors.get(random.nextInt(vectors.size()));
      float[] b = vectors.get(random.nextInt(vectors.size()));
      assertThat(TestVectors.dot(subspace.project(a), subspace.project(b)))
          .isCloseTo(TestVectors.dot(a, b), org.assertj.core.data.Offset.offset(1e-3));
    }
  }

  @Test
  void none_pays_for_vectors_spread_over_every_dimension_or_too_few_of_them() {
    List<float[]> isotropic = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      isotropic.add(TestVectors.unit(random, 64));
    }
    assertThat(Subspace.fit(isotropic, 64)).isNull();

    List<float[]> few = LowRankVectors.of(random, 256, 40, Subspace.MIN_SAMPLE - 1).vectors();
    assertThat(Subspace.fit(few, 256)).isNull();
  }

  @Test
  void reads_back_what_it_wrote_and_refuses_a_basis_of_another_size() throws IOException {
    List<float[]> vectors = LowRankVectors.of(random, 128, 20, 2500).vectors();
    Subspace subspace = Subspace.fit(vectors, 128);
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    subspace.write(out);
    byte[] bytes = out.toArrayCopy();

    Subspace read = Subspace.read(new ByteArrayDataInput(bytes), 128);

    float[] probe = vectors.get(7);
    assertThat(read.project(probe)).containsExactly(subspace.project(probe));
    assertThatThrownBy(() -> Subspace.read(new ByteArrayDataInput(bytes), 256))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not fit a field of 256 dimensions");
  }
}
