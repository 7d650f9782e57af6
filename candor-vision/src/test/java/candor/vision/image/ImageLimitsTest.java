package candor.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageLimitsTest {
  @Test
  void defaults_are_25_mib_50_megapixels_and_20000_per_side() {
    assertThat(ImageLimits.defaults()).isEqualTo(new ImageLimits(26_214_400L, 50_000_000L, 20_000));
  }

  @Test
  void rejects_limits_that_are_not_positive_or_too_large_for_an_array() {
    assertThatThrownBy(() -> new ImageLimits(0, 1, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be in [1, 2147483639], got 0");
    assertThatThrownBy(() -> new ImageLimits(Integer.MAX_VALUE, 1, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be in [1, 2147483639], got 2147483647");
    assertThatThrownBy(() -> new ImageLimits(1, 0, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPixels must be positive, got 0");
    assertThatThrownBy(() -> new ImageLimits(1, 1, -5))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxSide must be positive, got -5");
  }
}
