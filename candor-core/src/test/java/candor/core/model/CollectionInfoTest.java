package candor.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.Test;

final class CollectionInfoTest {

  private static CollectionInfo named(String name) {
    return new CollectionInfo(name, "purpose", LawfulBasis.authority("Act s.1"), Period.ofYears(1),
        false, ModelFixtures.NOW);
  }

  @Test
  void accepts_lower_case_letters_digits_and_dashes() {
    assertThat(named("police-2026").name()).isEqualTo("police-2026");
  }

  @Test
  void rejects_a_name_outside_the_allowed_characters() {
    assertThatThrownBy(() -> named("Bad Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("collection name must match [a-z0-9][a-z0-9-]{0,63}, got 'Bad Name'");
    assertThatThrownBy(() -> named("-leading")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> named("a".repeat(65))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requires_a_default_lawful_basis() {
    assertThatThrownBy(() -> new CollectionInfo("x", "purpose", null, Period.ofYears(1), false,
            ModelFixtures.NOW))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("defaultBasis");
  }

  @Test
  void rejects_a_retention_that_is_not_positive() {
    assertThatThrownBy(() -> new CollectionInfo("x", "purpose", LawfulBasis.consent("c"),
            Period.ZERO, false, ModelFixtures.NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retention must be positive, got P0D");
  }

  @Test
  void keeps_the_creation_time_to_the_microsecond() {
    CollectionInfo c = new CollectionInfo("x", "purpose", LawfulBasis.consent("c"),
        Period.ofDays(1), true, Instant.parse("2026-01-01T00:00:00.123456789Z"));
    assertThat(c.created()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
  }
}
