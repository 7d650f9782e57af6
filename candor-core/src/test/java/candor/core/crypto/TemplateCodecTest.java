package candor.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class TemplateCodecTest {

  @Test
  void writes_little_endian_ieee_754() {
    assertThat(TemplateCodec.encode(new float[] {1.0f}))
        .containsExactly(0x00, 0x00, (byte) 0x80, 0x3f);
  }

  @Test
  void decodes_what_it_encoded() {
    float[] values = {0.25f, -1.5f, Float.MIN_VALUE, 3.4e38f};
    assertThat(TemplateCodec.decode(TemplateCodec.encode(values))).containsExactly(values);
  }

  @Test
  void refuses_a_length_that_is_not_a_multiple_of_four() {
    assertThatThrownBy(() -> TemplateCodec.decode(new byte[6]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encoded floats must be a multiple of 4 bytes, got 6");
  }
}
