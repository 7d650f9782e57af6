package candor.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import candor.core.eval.Identification.SubjectTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 1:N protocol's split and scoring on a small folder whose templates are chosen so that the
 * best-face and fused scorings disagree: person A is enrolled with two orthogonal faces, so their
 * fused template is 45 degrees from either, and a probe identical to one of A's faces is nearer
 * person B's fused template than A's.
 */
class IdentificationTest {
  private static final float S = (float) Math.sqrt(1 - 0.9 * 0.9);

  @TempDir Path dataset;

  @Test
  void the_default_split_enrols_the_first_image_of_people_with_two_or_more() throws IOException {
    people();
    Identification.Split split = Identification.split(dataset);

    assertThat(split.enrolled()).containsExactly(List.of(image("a", 1)), List.of(image("b", 1)));
    assertThat(split.mated()).containsExactly(
        new Identification.Probe(image("a", 2), 0), new Identification.Probe(image("a", 3), 0),
        new Identification.Probe(image("b", 2), 1), new Identification.Probe(image("b", 3), 1));
    assertThat(split.nonMated()).containsExactly(image("c", 1));
  }

  @Test
  void several_enrolled_images_are_scored_by_the_best_face_and_by_the_fused_template() throws IOException {
    people();
    Identification.Split split = Identification.split(dataset, 2, 3);
    assertThat(split.enrolled()).containsExactly(
        List.of(image("a", 1), image("a", 2)), List.of(image("b", 1), image("b", 2)));
    assertThat(split.mated()).extracting(Identification.Probe::image)
        .containsExactly(image("a", 3), image("b", 3));
    assertThat(split.nonMated()).containsExactly(image("c", 1));

    Map<Path, Optional<float[]>> templates = new HashMap<>();
    templates.put(image("a", 1), Optional.of(new float[] {1, 0, 0}));
    templates.put(image("a", 2), Optional.of(new float[] {0, 1, 0}));
    templates.put(image("b", 1), Optional.of(new float[] {0.9f, 0, S}));
    templates.put(image("b", 2), Optional.of(new float[] {0.9f, 0, S}));
    templates.put(image("a", 3), Optional.of(new float[] {1, 0, 0}));
    templates.put(image("b", 3), Optional.of(new float[] {0, 0, 1}));
    templates.put(image("c", 1), Optional.of(new float[] {0, 0, -1}));

    // Best face: a_3 equals a_1 (1.0 against B's 0.9); b_3 scores S with B, 0 with A.
    IdentificationResult best = Identification.evaluate(split, templates, SubjectTemplate.BEST_FACE);
    assertThat(best.rank1()).isEqualTo(1.0);
    assertThat(best.rank5()).isEqualTo(1.0);
    assertThat(best.fnirAtFpir1e2()).isZero();
    assertThat(best.gallery()).isEqualTo(2);
    assertThat(best.probes()).isEqualTo(2);
    assertThat(best.nonMatedProbes()).isEqualTo(1);
    assertThat(best.threshold()).isCloseTo(0, within(1e-6));

    // Fused: A's template is (1, 1, 0) / sqrt 2, so a_3 scores 0.707 with A and 0.9 with B.
    IdentificationResult fused = Identification.evaluate(split, templates, SubjectTemplate.FUSED);
    assertThat(fused.rank1()).isEqualTo(0.5);
    assertThat(fused.rank5()).isEqualTo(1.0);
    assertThat(fused.fnirAtFpir1e2()).isEqualTo(0.5);
  }

  @Test
  void an_identity_without_an_enrolled_template_cannot_be_found_and_a_probe_without_one_misses()
      throws IOException {
    people();
    Identification.Split split = Identification.split(dataset, 2, 3);
    Map<Path, Optional<float[]>> templates = new HashMap<>();
    templates.put(image("a", 1), Optional.empty());
    templates.put(image("b", 1), Optional.of(new float[] {1, 0, 0}));
    templates.put(image("a", 3), Optional.of(new float[] {0, 1, 0}));
    templates.put(image("b", 3), Optional.empty());

    for (SubjectTemplate how : SubjectTemplate.values()) {
      IdentificationResult r = Identification.evaluate(split, templates, how);
      assertThat(r.rank1()).as(how.name()).isZero();
      assertThat(r.rank5()).as(how.name()).isZero();
    }
  }

  @Test
  void impostor_comparisons_count_every_enrolled_face_of_the_other_identities() throws IOException {
    people();
    Identification.Split split = Identification.split(dataset, 2, 3);
    Map<Path, Optional<float[]>> templates = new HashMap<>();
    templates.put(image("a", 1), Optional.of(new float[] {1, 0}));
    templates.put(image("a", 2), Optional.of(new float[] {0, 1}));
    templates.put(image("b", 1), Optional.of(new float[] {-1, 0}));
    templates.put(image("b", 3), Optional.of(new float[] {1, 0}));
    templates.put(image("c", 1), Optional.of(new float[] {0, 1}));

    double[] fmr = Identification.impostorFmr(split, templates, new double[] {-0.5, 0.5});

    // b_3 against a_1 (1) and a_2 (0); c_1 against a_1 (0), a_2 (1) and b_1 (0).
    assertThat(fmr[2]).isEqualTo(5);
    assertThat(fmr[0]).isEqualTo(1.0);
    assertThat(fmr[1]).isEqualTo(2 / 5.0);
  }

  @Test
  void probes_must_come_after_at_least_one_enrolled_image() {
    assertThatThrownBy(() -> Identification.split(dataset, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first probe at 2");
    assertThatThrownBy(() -> Identification.split(dataset, 0, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** a and b with three images each, c with one. */
  private void people() throws IOException {
    for (String person : List.of("a", "b")) {
      for (int i = 1; i <= 3; i++) {
        touch(image(person, i));
      }
    }
    touch(image("c", 1));
  }

  private Path image(String person, int number) {
    return dataset.resolve(person).resolve(String.format("%s_%04d.jpg", person, number));
  }

  private static void touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[0]);
  }
}
