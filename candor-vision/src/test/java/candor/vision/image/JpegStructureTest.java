package candor.vision.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegStructureTest {
  private final byte[] jpeg = TestImages.resource("/malformed/rgb.jpg");

  /** Returns the offset just past the first start-of-scan header. */
  private int scanDataStart() {
    int i = 2;
    while (true) {
      int marker = jpeg[i + 1] & 0xff;
      int length = (jpeg[i + 2] & 0xff) << 8 | (jpeg[i + 3] & 0xff);
      if (marker == 0xda) {
        return i + 2 + length;
      }
      i += 2 + length;
    }
  }

  @Test
  void a_complete_file_has_image_data() {
    assertThat(JpegStructure.endsBeforeImageData(jpeg)).isFalse();
  }

  @Test
  void every_cut_inside_the_header_ends_before_image_data() {
    int start = scanDataStart();
    for (int length = 2; length <= start; length++) {
      assertThat(JpegStructure.endsBeforeImageData(Arrays.copyOf(jpeg, length))).as("cut at %d", length).isTrue();
    }
  }

  @Test
  void one_byte_of_image_data_is_enough() {
    assertThat(JpegStructure.endsBeforeImageData(Arrays.copyOf(jpeg, scanDataStart() + 1))).isFalse();
  }

  @Test
  void leaves_structures_it_does_not_understand_to_the_decoder() {
    byte[] garbage = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0x12, 0x34};
    byte[] earlyEnd = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xd9, 0};

    assertThat(JpegStructure.endsBeforeImageData(garbage)).isFalse();
    assertThat(JpegStructure.endsBeforeImageData(earlyEnd)).isFalse();
  }

  @Test
  void skips_fill_bytes_before_markers() {
    byte[] padded = new byte[jpeg.length + 3];
    padded[0] = jpeg[0];
    padded[1] = jpeg[1];
    padded[2] = (byte) 0xff;
    padded[3] = (byte) 0xff;
    padded[4] = (byte) 0xff;
    System.arraycopy(jpeg, 2, padded, 5, jpeg.length - 2);

    assertThat(JpegStructure.endsBeforeImageData(padded)).isFalse();
    assertThat(JpegStructure.endsBeforeImageData(Arrays.copyOf(padded, scanDataStart() + 3))).isTrue();
  }
}
