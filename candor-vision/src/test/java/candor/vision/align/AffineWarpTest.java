package candor.vision.align;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Pins down the bilinear warp: pixel-centre convention, interpolation and black outside the source. */
class AffineWarpTest {
  /** A 256x256 gradient: blue = x, green = y, red = 77. */
  private static BgrPixels gradient() {
    byte[] d = new byte[256 * 256 * 3];
    for (int y = 0; y < 256; y++) {
      for (int x = 0; x < 256; x++) {
        int p = (y * 256 + x) * 3;
        d[p] = (byte) x;
        d[p + 1] = (byte) y;
        d[p + 2] = 77;
      }
    }
    return new BgrPixels(d, 256, 256);
  }

  private static int channel(BgrPixels px, int x, int y, int c) {
    return px.data()[(y * px.width() + x) * 3 + c] & 0xff;
  }

  @Test
  void crop_at_scale_one_copies_the_pixels() {
    BgrPixels out = AffineWarp.cropResize(gradient(), 10, 20, 64, 32, 64, 32);
    for (int v = 0; v < 32; v++) {
      for (int u = 0; u < 64; u++) {
        assertThat(channel(out, u, v, 0)).isEqualTo(10 + u);
        assertThat(channel(out, u, v, 1)).isEqualTo(20 + v);
        assertThat(channel(out, u, v, 2)).isEqualTo(77);
      }
    }
  }

  @Test
  void crop_at_half_size_samples_between_the_two_pixels_it_covers() {
    // output pixel u covers source pixels 2u and 2u+1: its centre reads the source at 2u + 0.5
    BgrPixels out = AffineWarp.cropResize(gradient(), 0, 0, 200, 100, 100, 50);
    for (int v = 0; v < 50; v++) {
      for (int u = 0; u < 100; u++) {
        assertThat((double) channel(out, u, v, 0)).isCloseTo(2 * u + 0.5, within(0.5));
        assertThat((double) channel(out, u, v, 1)).isCloseTo(2 * v + 0.5, within(0.5));
      }
    }
  }

  @Test
  void crop_at_double_size_interpolates_linearly() {
    // output pixel u reads the source at 50 + (u + 0.5) / 2 - 0.5 = 49.75 + u / 2
    BgrPixels out = AffineWarp.cropResize(gradient(), 50, 60, 40, 40, 80, 80);
    for (int u = 1; u < 79; u++) {
      assertThat((double) channel(out, u, 7, 0)).isCloseTo(49.75 + u / 2.0, within(0.5));
    }
  }

  @Test
  void pixels_outside_the_source_are_black() {
    BgrPixels out = AffineWarp.cropResize(gradient(), -10, -10, 30, 30, 30, 30);
    for (int u = 0; u < 9; u++) {
      assertThat(channel(out, u, 15, 2)).as("column %d left of the source", u).isZero();
      assertThat(channel(out, 15, u, 2)).as("row %d above the source", u).isZero();
    }
    assertThat(channel(out, 15, 15, 2)).isEqualTo(77);
    assertThat(channel(out, 15, 15, 0)).isEqualTo(5);
  }

  @Test
  void warp_applies_the_output_to_source_map() {
    // a quarter turn: output (u, v) reads source (v, 255 - u)
    BgrPixels out = AffineWarp.warp(gradient(), new double[] {0, 1, 0, -1, 0, 255}, 256, 256);
    assertThat(channel(out, 0, 0, 0)).isEqualTo(0);
    assertThat(channel(out, 0, 0, 1)).isEqualTo(255);
    assertThat(channel(out, 100, 30, 0)).isEqualTo(30);
    assertThat(channel(out, 100, 30, 1)).isEqualTo(155);
  }
}
