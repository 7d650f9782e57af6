package candor.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ByteArrayImageInputStreamTest {
  @Test
  void reads_seeks_and_reports_its_length() throws IOException {
    ByteArrayImageInputStream in = new ByteArrayImageInputStream(new byte[] {1, 2, 3, (byte) 0xf0, 5});

    assertThat(in.length()).isEqualTo(5);
    assertThat(in.read()).isEqualTo(1);
    in.seek(3);
    assertThat(in.read()).isEqualTo(0xf0);
    byte[] buffer = new byte[4];
    assertThat(in.read(buffer, 1, 3)).isEqualTo(1);
    assertThat(buffer).containsExactly(0, 5, 0, 0);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(in.read(buffer, 0, 2)).isEqualTo(-1);
    assertThat(in.read(buffer, 0, 0)).isZero();
  }

  @Test
  void reads_bits_and_big_endian_values_through_the_image_io_base_class() throws IOException {
    ByteArrayImageInputStream in = new ByteArrayImageInputStream(new byte[] {(byte) 0xa0, 0x12, 0x34});

    assertThat(in.readBits(3)).isEqualTo(0b101);
    in.seek(1);
    assertThat(in.readUnsignedShort()).isEqualTo(0x1234);
  }

  @Test
  void throws_a_non_eof_error_when_a_decoder_keeps_reading_past_the_end() throws IOException {
    ByteArrayImageInputStream in = new ByteArrayImageInputStream(new byte[] {1});
    in.read();
    for (int i = 0; i < ByteArrayImageInputStream.MAX_READS_PAST_END; i++) {
      assertThat(in.read()).isEqualTo(-1);
    }

    assertThatThrownBy(in::read)
        .isExactlyInstanceOf(javax.imageio.IIOException.class)
        .hasMessage("the decoder kept reading past the end of the data");
  }

  @Test
  void refuses_to_read_after_close() throws IOException {
    ByteArrayImageInputStream in = new ByteArrayImageInputStream(new byte[] {1});
    in.close();

    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
  }
}
