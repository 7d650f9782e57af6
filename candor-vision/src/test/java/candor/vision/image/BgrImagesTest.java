package candor.vision.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class BgrImagesTest {
  @Test
  void returns_a_compact_bgr_image_itself() {
    BufferedImage bgr = new BufferedImage(4, 3, BufferedImage.TYPE_3BYTE_BGR);

    assertThat(BgrImages.toBgr(bgr)).isSameAs(bgr);
  }

  @Test
  void copies_a_bgr_sub_image_into_a_compact_one() {
    BufferedImage bgr = TestImages.noisyPicture(10, 8, 1);
    BufferedImage sub = bgr.getSubimage(2, 3, 5, 4);

    BufferedImage compact = BgrImages.toBgr(sub);

    assertThat(BgrImages.isCompactBgr(sub)).isFalse();
    assertThat(BgrImages.isCompactBgr(compact)).isTrue();
    assertThat(TestImages.pixels(compact)).isEqualTo(TestImages.pixels(sub));
  }

  @Test
  void composites_argb_on_white() {
    BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00_123456); // fully transparent
    argb.setRGB(1, 0, 0x80_000000); // half-transparent black

    BufferedImage bgr = BgrImages.toBgr(argb);

    assertThat(TestImages.rgb(bgr, 0, 0)).isEqualTo(0xffffff);
    assertThat(TestImages.near(TestImages.rgb(bgr, 1, 0), 0x7f7f7f, 1)).isTrue();
  }

  @Test
  void keeps_grey_values_as_they_are_stored() {
    BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 0x8080, 0xffff});

    BufferedImage bgr = BgrImages.toBgr(grey);

    assertThat(TestImages.pixels(bgr)).containsExactly(0xff000000, 0xff808080, 0xffffffff);
  }

  @Test
  void composites_16_bit_grey_with_alpha_on_white() {
    ComponentColorModel model = new ComponentColorModel(
        ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(3, 1);
    raster.setPixel(0, 0, new int[] {0x4040, 0xffff}); // opaque 25 % grey
    raster.setPixel(1, 0, new int[] {0, 0x8000});      // half-transparent black
    raster.setPixel(2, 0, new int[] {0x1234, 0});      // transparent
    BufferedImage image = new BufferedImage(model, raster, false, null);

    BufferedImage bgr = BgrImages.toBgr(image);

    assertThat(TestImages.rgb(bgr, 0, 0)).isEqualTo(0x404040);
    assertThat(TestImages.near(TestImages.rgb(bgr, 1, 0), 0x7f7f7f, 1)).isTrue();
    assertThat(TestImages.rgb(bgr, 2, 0)).isEqualTo(0xffffff);
  }

  @Test
  void composites_premultiplied_grey_on_white() {
    ComponentColorModel model = new ComponentColorModel(
        ColorSpace.getInstance(ColorSpace.CS_GRAY), true, true, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster raster = model.createCompatibleWritableRaster(1, 1);
    raster.setPixel(0, 0, new int[] {50, 100}); // 100/255 of a grey 127.5, premultiplied
    BufferedImage image = new BufferedImage(model, raster, true, null);

    BufferedImage bgr = BgrImages.toBgr(image);

    // 50 + 255 * (1 - 100/255) = 205
    assertThat(TestImages.near(TestImages.rgb(bgr, 0, 0), 0xcdcdcd, 1)).isTrue();
  }

  @Test
  void crops_a_region() {
    BufferedImage bgr = TestImages.noisyPicture(10, 8, 3);

    BufferedImage crop = BgrImages.crop(bgr, new java.awt.Rectangle(3, 2, 4, 5));

    assertThat(TestImages.pixels(crop)).isEqualTo(TestImages.pixels(bgr.getSubimage(3, 2, 4, 5)));
  }
}
