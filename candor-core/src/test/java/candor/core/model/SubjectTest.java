package candor.core.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

final class SubjectTest {

  @Test
  void requires_a_lawful_basis() {
    assertThatThrownBy(() -> new Subject(UUID.randomUUID(), "c", "ref", "Name", null,
            LocalDate.of(2030, 1, 1), ModelFixtures.NOW))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("a subject requires a lawful basis");
  }

  @Test
  void a_lawful_basis_requires_a_reference() {
    assertThatThrownBy(() -> LawfulBasis.consent("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lawful basis reference must not be blank");
    assertThatThrownBy(() -> new LawfulBasis(LawfulBasis.Kind.AUTHORITY, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("lawful basis reference");
    assertThatThrownBy(() -> new LawfulBasis(null, "ref"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("lawful basis kind");
  }

  @Test
  void requires_an_external_reference_and_a_retention_date() {
    assertThatThrownBy(() -> new Subject(UUID.randomUUID(), "c", "", "Name",
            LawfulBasis.consent("f"), LocalDate.of(2030, 1, 1), ModelFixtures.NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("externalRef must not be blank");
    assertThatThrownBy(() -> new Subject(UUID.randomUUID(), "c", "r", "Name",
            LawfulBasis.consent("f"), null, ModelFixtures.NOW))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("retainUntil");
  }
}
