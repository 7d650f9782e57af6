package candor.vision.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.vision.TestFaces;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pins down the BGR buffer: size checks, sharing with images, and the 2x2 mean of {@code halved}. */
class BgrPixelsTest {

  @Test
  void halved_averages_each_2x2_block_rounding_half_up() {
    Random random = new Random(TestFaces.seed());
    int w = 7;
    int h = 5;
    byte[] d = new byte[w * h * 3];
    random.nextBytes(d);
    BgrPixels half = new BgrPixels(d, w, h).halved();
    assertThat(half.width()).isEqualTo(3);
    assertThat(half.height()).isEqualTo(2);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              sum += d[((2 * y + dy) * w + 2 * x + dx) * 3 + c] & 0xff;
            }
          }
          assertThat(half.data()[(y * 3 + x) * 3 + c] & 0xff).isEqualTo((sum + 2) / 4);
        }
      }
    }
  }

  @Test
  void halved_keeps_a_single_pixel() {
    BgrPixels one = new BgrPixels(new byte[] {1, 2, 3}, 1, 1);
    BgrPixels half = one.halved();
    assertThat(half.width()).isEqualTo(1);
    assertThat(half.height()).isEqualTo(1);
    assertThat(half.data()).containsExactly(1, 2, 3);
  }

  @Test
  void rejects_a_buffer_of_the_wrong_size() {
    assertThatThrownBy(() -> new BgrPixels(new byte[11], 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 12 bytes for 2x2, got 11");
  }

  @Test
  void shares_the_buffer_of_a_compact_image() {
    BufferedImage image = TestFaces.noise(9, 4, TestFaces.seed());
    BgrPixels px = BgrPixels.of(image);
    assertThat(px.data()).isSameAs(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
  }

  @Test
  void to_image_keeps_blue_green_red_order() {
    BufferedImage image = new BgrPixels(new byte[] {0x33, 0x22, 0x11, 0x66, 0x55, 0x44}, 2, 1).toImage();
    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0x112233);
    assertThat(image.getRGB(1, 0) & 0xffffff).isEqualTo(0x445566);
  }

  @Test
  void round_trips_through_an_image() {
    BufferedImage image = TestFaces.noise(9, 4, TestFaces.seed());
    BufferedImage back = BgrPixels.of(image).toImage();
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 9; x++) {
        assertThat(back.getRGB(x, y)).isEqualTo(image.getRGB(x, y));
      }
    }
  }

  @Test
  void copies_a_sub_image_in_blue_green_red_order() {
    BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_3BYTE_BGR);
    image.setRGB(2, 3, 0x112233);
    image.setRGB(5, 7, 0x445566);
    BgrPixels px = BgrPixels.of(image.getSubimage(2, 3, 4, 5));
    assertThat(px.width()).isEqualTo(4);
    assertThat(px.height()).isEqualTo(5);
    byte[] d = px.data();
    assertThat(new byte[] {d[0], d[1], d[2]}).containsExactly(0x33, 0x22, 0x11);
    int last = (4 * 4 + 3) * 3;
    assertThat(new byte[] {d[last], d[last + 1], d[last + 2]}).containsExactly(0x66, 0x55, 0x44);
  }

  @Test
  void rejects_an_image_that_is_not_3_byte_bgr() {
    BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    assertThatThrownBy(() -> BgrPixels.of(rgb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected TYPE_3BYTE_BGR, got type " + BufferedImage.TYPE_INT_RGB);
  }
}
