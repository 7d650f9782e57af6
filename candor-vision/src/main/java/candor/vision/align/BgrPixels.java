package candor.vision.align;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * A compact, interleaved B,G,R byte buffer with its size: the form every stage reads pixels in.
 *
 * @param data {@code width * height * 3} bytes, row-major, B,G,R per pixel (not copied: owned by the caller)
 * @param width width in pixels
 * @param height height in pixels
 */
public record BgrPixels(byte[] data, int width, int height) {
  public BgrPixels {
    if (data.length != width * height * 3) {
      throw new IllegalArgumentException(
          "expected " + (width * height * 3) + " bytes for " + width + "x" + height + ", got " + data.length);
    }
  }

  /**
   * The pixels of a 3-byte BGR image; shares the image's buffer when it is compact (no copy on the
   * hot path), copies otherwise.
   */
  public static BgrPixels of(BufferedImage image) {
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      throw new IllegalArgumentException("expected TYPE_3BYTE_BGR, got type " + image.getType());
    }
    Raster raster = image.getRaster();
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] buffer = ((DataBufferByte) raster.getDataBuffer()).getData();
    if (raster.getSampleModel() instanceof ComponentSampleModel sm
        && sm.getScanlineStride() == w * 3
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && buffer.length == w * h * 3) {
      return new BgrPixels(buffer, w, h);
    }
    // Raster.getDataElements gives bands in R,G,B order, not the buffer's B,G,R: copy raster to
    // raster into a compact image and take its buffer instead.
    BufferedImage compact = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    compact.getRaster().setDataElements(0, 0, raster);
    return new BgrPixels(((DataBufferByte) compact.getRaster().getDataBuffer()).getData(), w, h);
  }

  /** A new 3-byte BGR image holding a copy of these bytes. */
  public BufferedImage toImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    // straight into the buffer: setDataElements would read the bytes as R,G,B
    System.arraycopy(data, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, data.length);
    return img;
  }

  /** Half the size in each direction, each output pixel the mean of a 2x2 block (anti-aliased downscale). */
  public BgrPixels halved() {
    int w2 = Math.max(1, width / 2);
    int h2 = Math.max(1, height / 2);
    byte[] out = new byte[w2 * h2 * 3];
    for (int y = 0; y < h2; y++) {
      int r0 = Math.min(2 * y, height - 1) * width * 3;
      int r1 = Math.min(2 * y + 1, height - 1) * width * 3;
      for (int x = 0; x < w2; x++) {
        int c0 = Math.min(2 * x, width - 1) * 3;
        int c1 = Math.min(2 * x + 1, width - 1) * 3;
        int o = (y * w2 + x) * 3;
        for (int c = 0; c < 3; c++) {
          int sum = (data[r0 + c0 + c] & 0xff) + (data[r0 + c1 + c] & 0xff)
              + (data[r1 + c0 + c] & 0xff) + (data[r1 + c1 + c] & 0xff);
          out[o + c] = (byte) ((sum + 2) >> 2);
        }
      }
    }
    return new BgrPixels(out, w2, h2);
  }
}
