package candor.index.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import candor.index.IndexConfig;
import candor.index.TestVectors;
import candor.index.subspace.LowRankVectors;
import java.io.IOException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The basis and layout records on their own; SolrVectorIndexTest uses them on a cluster. */
class ModelBasisTest {

  private final Random random = new Random(TestVectors.seed("ModelBasisTest"));

  @Test
  void projected_int8_copies_keep_dot_products_at_one_scale() {
    List<float[]> templates = LowRankVectors.of(random, 128, 20, 2_500).vectors();

    ModelBasis basis = ModelBasis.fit(templates, 128, Set.of("c"));

    assertThat(basis.dimension()).isEqualTo(32);
    int largest = 0;
    for (float[] template : templates) {
      for (byte b : basis.int8Copy(template)) {
        largest = Math.max(largest, Math.abs(b));
      }
    }
    assertThat(largest).as("the sample's largest component maps to the end of the range")
        .isEqualTo(127);
    double scale2 = (double) basis.int8Scale() * basis.int8Scale();
    for (int i = 0; i < 300; i++) {
      float[] a = templates.get(random.nextInt(templates.size()));
      float[] b = templates.get(random.nextInt(templates.size()));
      byte[] qa = basis.int8Copy(a);
      byte[] qb = basis.int8Copy(b);
      int dot = 0;
      for (int j = 0; j < qa.length; j++) {
        dot += qa[j] * qb[j];
      }
      assertThat(dot / scale2).isCloseTo(TestVectors.dot(a, b), within(0.03));
    }
    assertThat(basis.queryText(templates.getFirst()))
        .isEqualTo(Arrays.toString(toInts(basis.int8Copy(templates.getFirst())))
            .replace(" ", ""));
  }

  @Test
  void reads_back_what_it_wrote_and_refuses_other_bytes() {
    List<float[]> templates = LowRankVectors.of(random, 64, 12, 2_100).vectors();
    ModelBasis basis = ModelBasis.fit(templates, 64, Set.of("d", "c"));

    ModelBasis read = ModelBasis.fromBytes(basis.toBytes(), 64, "/configs/x/candor-basis-00");

    assertThat(read.int8Scale()).isEqualTo(basis.int8Scale());
    assertThat(read.fullCollections()).containsExactlyInAnyOrder("c", "d");
    for (float[] template : templates.subList(0, 50)) {
      assertThat(read.int8Copy(template)).containsExactly(basis.int8Copy(template));
    }
    assertThatThrownBy(() -> ModelBasis.fromBytes(basis.toBytes(), 128, "/configs/x/b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("/configs/x/b: unreadable basis")
        .hasMessageContaining("does not fit a field of 128 dimensions");
    assertThatThrownBy(() -> ModelBasis.fromBytes(new byte[] {3, 'a', 'b', 'c'}, 64, "/b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("/b: unknown basis format abc; expected candor-model-basis-1");
  }

  @Test
  void isotropic_templates_get_no_basis() {
    List<float[]> templates = new java.util.ArrayList<>();
    for (int i = 0; i < 2_100; i++) {
      templates.add(TestVectors.unit(random, 64));
    }
    assertThat(ModelBasis.fit(templates, 64, Set.of())).isNull();
  }

  @Test
  void layouts_of_the_first_partitioned_version_read_without_reduced_graphs() throws IOException {
    TemplateLayout current = TemplateLayout.forConfig(IndexConfig.defaults().withDimension(64));
    assertThat(current.reducedGraphs()).isTrue();
    assertThat(TemplateLayout.fromProperties(properties(current.toProperties()), "new"))
        .isEqualTo(current);

    TemplateLayout first = TemplateLayout.fromProperties(properties(
        "format=partitioned-1\ngraph=int8\nint8.scale=" + current.int8Scale() + "\n"), "old");

    assertThat(first.reducedGraphs()).isFalse();
    assertThat(first.int8Scale()).isEqualTo(current.int8Scale());
    assertThatThrownBy(() -> TemplateLayout.fromProperties(properties("format=other\n"), "src"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("src: unknown template layout other; expected partitioned-2 or partitioned-1");
  }

  private static Properties properties(String text) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    return properties;
  }

  private static int[] toInts(byte[] bytes) {
    int[] ints = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ints[i] = bytes[i];
    }
    return ints;
  }
}
