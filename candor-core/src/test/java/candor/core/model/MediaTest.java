package candor.core.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

final class MediaTest {

  private static Media media(String sha, int width) {
    return new Media(sha, "c", "file:///a.jpg", "clerk", ModelFixtures.NOW, 10, width, 10,
        LocalDate.of(2030, 1, 1));
  }

  @Test
  void requires_a_lower_case_hex_sha256() {
    media(ModelFixtures.SHA, 1);
    assertThatThrownBy(() -> media("AB".repeat(32), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sha256 must be 64 lower-case hex digits, got '" + "AB".repeat(32) + "'");
    assertThatThrownBy(() -> media("ab", 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requires_positive_sizes() {
    assertThatThrownBy(() -> media(ModelFixtures.SHA, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("width must be positive, got 0");
  }
}
