package candor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FaceTest {

  private static final Media MEDIA = new Media(ModelFixtures.SHA, "c", "file:///a.jpg", "clerk",
      ModelFixtures.NOW, 10, 10, 10, LocalDate.of(2030, 1, 1));

  @Test
  void copies_the_template_in_and_out() {
    float[] template = ModelFixtures.unit(512);
    FaceDraft draft = ModelFixtures.draft(template);
    template[0] = 99;
    assertThat(draft.template()[0]).isEqualTo(0.6f);
    Face face = Face.of(1, 1, MEDIA, draft);
    face.template()[0] = 99;
    face.landmarks()[0] = 99;
    assertThat(face.template()[0]).isEqualTo(0.6f);
    assertThat(face.landmarks()[0]).isEqualTo(1f);
    assertThat(face.dimension()).isEqualTo(512);
  }

  @Test
  void rejects_a_template_that_is_not_unit_length() {
    float[] template = ModelFixtures.unit(512);
    template[0] = 1.2f; // norm 1.44
    assertThatThrownBy(() -> ModelFixtures.draft(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("template must have unit L2 norm (1 ± 0.001), got norm 1.442221");
  }

  @Test
  void rejects_a_template_that_is_empty_or_not_finite() {
    assertThatThrownBy(() -> ModelFixtures.draft(new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("template must have 1 to 4096 dimensions, got 0");
    float[] nan = ModelFixtures.unit(4);
    nan[1] = Float.NaN;
    assertThatThrownBy(() -> ModelFixtures.draft(nan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("template must be finite, got NaN at index 1");
  }

  @Test
  void requires_five_landmarks() {
    assertThatThrownBy(() -> new FaceDraft(null, new BoundingBox(0, 0, 1, 1), new float[8],
            new Quality(1, List.of()), "m", ModelFixtures.unit(4), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("landmarks must hold 5 (x, y) points = 10 values, got 8");
  }

  @Test
  void requires_crop_path_and_digest_together() {
    assertThatThrownBy(() -> new FaceDraft(null, new BoundingBox(0, 0, 1, 1),
            ModelFixtures.landmarks(), new Quality(1, List.of()), "m", ModelFixtures.unit(4),
            "crops/a.jpg", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cropPath and cropSha256 must be both set or both null");
  }

  @Test
  void rejects_a_quality_score_outside_zero_to_one() {
    assertThatThrownBy(() -> new Quality(1.5, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quality score must be between 0 and 1, got 1.5");
  }

  @Test
  void rejects_an_empty_box() {
    assertThatThrownBy(() -> new BoundingBox(0, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("box width must be positive and finite, got 0.0");
  }

  @Test
  void compares_arrays_by_content() {
    Face a = Face.of(1, 1, MEDIA, ModelFixtures.draft(ModelFixtures.unit(8)));
    Face b = Face.of(1, 1, MEDIA, ModelFixtures.draft(ModelFixtures.unit(8)));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Face.of(2, 1, MEDIA, ModelFixtures.draft(ModelFixtures.unit(8))));
  }

  @Test
  void to_string_leaves_out_the_template() {
    float[] template = ModelFixtures.unit(512);
    Face face = Face.of(7, 3, MEDIA, ModelFixtures.draft(template));
    assertThat(face.toString()).contains("id=7", "template=<512 values>").doesNotContain("0.6");
    assertThat(ModelFixtures.draft(template).toString()).contains("template=<512 values>")
        .doesNotContain("0.8");
  }
}
