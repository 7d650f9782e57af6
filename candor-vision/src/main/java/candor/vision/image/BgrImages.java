package candor.vision.image;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;

/** Conversions of whatever ImageIO returns into compact {@code TYPE_3BYTE_BGR} images. */
final class BgrImages {
  private static final int[] BGR_BAND_OFFSETS = {2, 1, 0};

  private BgrImages() {}

  /**
   * Returns {@code src} as a compact 3-byte BGR image, itself when it already is one. Transparent
   * pixels are composited on white, the background a viewer shows and the one least likely to be
   * read as a face.
   */
  static BufferedImage toBgr(BufferedImage src) {
    if (isCompactBgr(src)) {
      return src;
    }
    ColorModel cm = src.getColorModel();
    if (isPlainGrey(src)) {
      return greyToBgr(src);
    }
    BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = dst.createGraphics();
    try {
      if (cm.hasAlpha()) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, dst.getWidth(), dst.getHeight());
      }
      g.setComposite(AlphaComposite.SrcOver);
      // Java2D has native loops for the common types (4-byte ABGR, int RGB, indexed) and falls back
      // to the colour model for custom ones such as 16-bit PNG, which is slower but exact.
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return dst;
  }

  /**
   * Tells whether {@code image} is {@code TYPE_3BYTE_BGR} with its pixels packed row after row from
   * index 0 of its byte array, the layout that {@link #bytes} callers index directly.
   */
  static boolean isCompactBgr(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      return false;
    }
    WritableRaster raster = image.getRaster();
    SampleModel sm = raster.getSampleModel();
    return sm instanceof PixelInterleavedSampleModel psm
        && raster.getDataBuffer() instanceof DataBufferByte buffer
        && buffer.getNumBanks() == 1
        && buffer.getOffset() == 0
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && psm.getPixelStride() == 3
        && psm.getScanlineStride() == 3 * image.getWidth()
        && Arrays.equals(psm.getBandOffsets(), BGR_BAND_OFFSETS);
  }

  /** Returns the byte array behind a compact BGR image: 3 bytes per pixel, B then G then R. */
  static byte[] bytes(BufferedImage compactBgr) {
    assert isCompactBgr(compactBgr) : "not a compact BGR image";
    return ((DataBufferByte) compactBgr.getRaster().getDataBuffer()).getData();
  }

  /** Returns a compact copy of the part of a compact BGR image inside {@code region}. */
  static BufferedImage crop(BufferedImage compactBgr, Rectangle region) {
    BufferedImage dst = new BufferedImage(region.width, region.height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] in = bytes(compactBgr);
    byte[] out = bytes(dst);
    int inRow = 3 * compactBgr.getWidth();
    int outRow = 3 * region.width;
    for (int y = 0; y < region.height; y++) {
      System.arraycopy(in, (region.y + y) * inRow + 3 * region.x, out, y * outRow, outRow);
    }
    return dst;
  }

  // Grey images are converted by hand: Java2D treats a custom grey colour model (grey + alpha, or
  // 16-bit grey) as linear light and brightens mid-greys by about 50 % on the way to sRGB, while
  // PNG and JPEG grey samples are already display values.
  private static boolean isPlainGrey(BufferedImage src) {
    ColorModel cm = src.getColorModel();
    int bands = src.getRaster().getNumBands();
    int transfer = src.getRaster().getTransferType();
    return cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && !(cm instanceof IndexColorModel)
        && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT)
        && bands == (cm.hasAlpha() ? 2 : 1);
  }

  private static BufferedImage greyToBgr(BufferedImage src) {
    int w = src.getWidth();
    int h = src.getHeight();
    ColorModel cm = src.getColorModel();
    Raster raster = src.getRaster();
    boolean alpha = cm.hasAlpha();
    boolean premultiplied = cm.isAlphaPremultiplied();
    int greyMax = (1 << cm.getComponentSize(0)) - 1;
    int alphaMax = alpha ? (1 << cm.getComponentSize(1)) - 1 : 1;
    BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    byte[] out = bytes(dst);
    // One row of samples at a time: no per-pixel virtual calls, and at most two int rows of garbage.
    int[] grey = new int[w];
    int[] opacity = new int[w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, grey);
      if (alpha) {
        raster.getSamples(0, y, w, 1, 1, opacity);
      }
      for (int x = 0; x < w; x++) {
        // long arithmetic: 16-bit grey times 16-bit alpha overflows an int.
        long g = grey[x];
        long value;
        if (!alpha) {
          value = (g * 255 + greyMax / 2) / greyMax;
        } else {
          long a = opacity[x];
          long g255 = (g * 255 + greyMax / 2) / greyMax;
          long covered = premultiplied ? g255 * alphaMax : g255 * a;
          value = (covered + 255 * (alphaMax - a) + alphaMax / 2) / alphaMax;
        }
        byte b = (byte) Math.min(255, value);
        out[o++] = b;
        out[o++] = b;
        out[o++] = b;
      }
    }
    return dst;
  }
}
