package candor.vision.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OrientationTest {
  @Test
  void maps_exif_values_one_to_eight_both_ways() {
    for (int value = 1; value <= 8; value++) {
      assertThat(Orientation.fromExif(value).exifValue()).isEqualTo(value);
    }
    assertThat(Orientation.fromExif(6)).isEqualTo(Orientation.ROTATE_90_CW);
    assertThat(Orientation.fromExif(8)).isEqualTo(Orientation.ROTATE_90_CCW);
  }

  @Test
  void rejects_exif_values_outside_one_to_eight() {
    assertThatThrownBy(() -> Orientation.fromExif(0))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("EXIF orientation must be in 1..8, got 0");
    assertThatThrownBy(() -> Orientation.fromExif(9)).isExactlyInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Orientation.class)
  void apply_matches_the_exif_definition(Orientation orientation) {
    BufferedImage stored = TestImages.noisyPicture(7, 5, TestImages.seed());

    BufferedImage upright = orientation.apply(stored);

    assertThat(TestImages.pixels(upright)).isEqualTo(TestImages.pixels(reference(stored, orientation)));
    assertThat(orientation.swapsAxes()).isEqualTo(upright.getWidth() == 5);
  }

  @Test
  void apply_works_across_tile_boundaries() {
    BufferedImage stored = TestImages.noisyPicture(150, 70, TestImages.seed());

    for (Orientation orientation : Orientation.values()) {
      assertThat(TestImages.pixels(orientation.apply(stored)))
          .as("%s", orientation)
          .isEqualTo(TestImages.pixels(reference(stored, orientation)));
    }
  }

  @ParameterizedTest
  @EnumSource(Orientation.class)
  void to_stored_region_turned_upright_equals_the_upright_region(Orientation orientation) {
    long seed = TestImages.seed();
    Random random = new Random(seed);
    BufferedImage stored = TestImages.noisyPicture(23, 17, seed);
    BufferedImage upright = orientation.apply(stored);

    for (int i = 0; i < 50; i++) {
      int x = random.nextInt(upright.getWidth());
      int y = random.nextInt(upright.getHeight());
      Rectangle region = new Rectangle(x, y, 1 + random.nextInt(upright.getWidth() - x), 1 + random.nextInt(upright.getHeight() - y));

      Rectangle storedRegion = orientation.toStored(region, stored.getWidth(), stored.getHeight());
      BufferedImage viaStored = orientation.apply(BgrImages.crop(stored, storedRegion));

      assertThat(TestImages.pixels(viaStored))
          .as("%s region %s", orientation, region)
          .isEqualTo(TestImages.pixels(upright.getSubimage(region.x, region.y, region.width, region.height)));
    }
  }

  /**
   * Builds the upright image from 90° clockwise turns and mirrors, following the EXIF tag table:
   * for 6 "the 0th row is the visual right-hand side, the 0th column is the visual top".
   */
  private static BufferedImage reference(BufferedImage stored, Orientation orientation) {
    return switch (orientation.exifValue()) {
      case 1 -> stored;
      case 2 -> mirrorLeftRight(stored);
      case 3 -> turnClockwise(turnClockwise(stored));
      case 4 -> mirrorTopBottom(stored);
      case 5 -> mirrorLeftRight(turnClockwise(stored));
      case 6 -> turnClockwise(stored);
      case 7 -> mirrorTopBottom(turnClockwise(stored));
      case 8 -> turnClockwise(turnClockwise(turnClockwise(stored)));
      default -> throw new AssertionError(orientation);
    };
  }

  private static BufferedImage turnClockwise(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    BufferedImage dst = new BufferedImage(h, w, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        dst.setRGB(h - 1 - y, x, src.getRGB(x, y));
      }
    }
    return dst;
  }

  private static BufferedImage mirrorLeftRight(BufferedImage src) {
    BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < src.getHeight(); y++) {
      for (int x = 0; x < src.getWidth(); x++) {
        dst.setRGB(src.getWidth() - 1 - x, y, src.getRGB(x, y));
      }
    }
    return dst;
  }

  private static BufferedImage mirrorTopBottom(BufferedImage src) {
    BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < src.getHeight(); y++) {
      for (int x = 0; x < src.getWidth(); x++) {
        dst.setRGB(x, src.getHeight() - 1 - y, src.getRGB(x, y));
      }
    }
    return dst;
  }
}
