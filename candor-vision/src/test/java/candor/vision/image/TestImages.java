package candor.vision.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Builds and reads the images the tests need: resources, generated pictures, EXIF insertion. */
final class TestImages {
  private TestImages() {}

  /**
   * Returns a random seed, or the one given with {@code -Dtests.seed=N} to replay a failure; prints
   * it either way.
   */
  static long seed() {
    Long fixed = Long.getLong("tests.seed");
    long seed = fixed != null ? fixed : new Random().nextLong();
    System.out.println("random seed: " + seed + " (replay with -Dtests.seed=" + seed + ")");
    return seed;
  }

  /** Returns the bytes of a test resource such as {@code "/malformed/rgb.jpg"}. */
  static byte[] resource(String path) {
    try (InputStream in = TestImages.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a BGR picture of smooth gradients plus seeded noise, so that every pixel differs. */
  static BufferedImage noisyPicture(int width, int height, long seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = (x * 255 / Math.max(1, width - 1) + random.nextInt(16)) & 0xff;
        int g = (y * 255 / Math.max(1, height - 1) + random.nextInt(16)) & 0xff;
        int b = random.nextInt(256);
        image.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return image;
  }

  /** Encodes {@code image} as a baseline JPEG of the given quality (0–1). */
  static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Encodes {@code image} in a lossless format ImageIO writes, such as "png", "bmp" or "gif". */
  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, bytes)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Returns a big-endian TIFF block whose IFD0 holds one tag: Orientation = {@code orientation}. */
  static byte[] exifTiff(int orientation) {
    ByteBuffer tiff = ByteBuffer.allocate(26); // big-endian by default
    tiff.put("MM".getBytes(StandardCharsets.ISO_8859_1)).putShort((short) 42).putInt(8);
    tiff.putShort((short) 1); // one IFD entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0); // no next IFD
    return tiff.array();
  }

  /** Returns {@code jpeg} with an EXIF APP1 segment holding {@code orientation} after its SOI. */
  static byte[] withJpegOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = exifTiff(orientation);
    byte[] preamble = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 4 + preamble.length + tiff.length);
    out.put(jpeg, 0, 2);
    out.put((byte) 0xff).put((byte) 0xe1).putShort((short) (2 + preamble.length + tiff.length));
    out.put(preamble).put(tiff);
    out.put(jpeg, 2, jpeg.length - 2);
    return out.array();
  }

  /** Returns {@code png} with an eXIf chunk holding {@code orientation} right after its IHDR. */
  static byte[] withPngOrientation(byte[] png, int orientation) {
    byte[] chunk = pngChunk("eXIf", exifTiff(orientation));
    int ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length and type, IHDR data, CRC
    ByteBuffer out = ByteBuffer.allocate(png.length + chunk.length);
    out.put(png, 0, ihdrEnd).put(chunk).put(png, ihdrEnd, png.length - ihdrEnd);
    return out.array();
  }

  /** Returns one PNG chunk: length, type, data and CRC. */
  static byte[] pngChunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length)
        .putInt(data.length)
        .put(typeBytes)
        .put(data)
        .putInt((int) crc.getValue())
        .array();
  }

  /** Returns the BGR pixel at (x, y) as 0xRRGGBB. */
  static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xffffff;
  }

  /** Tells whether two colours differ by at most {@code tolerance} in every channel. */
  static boolean near(int rgb, int expected, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs((rgb >> shift & 0xff) - (expected >> shift & 0xff)) > tolerance) {
        return false;
      }
    }
    return true;
  }

  /** Returns the pixels of {@code image} as 0xRRGGBB values, row by row. */
  static int[] pixels(BufferedImage image) {
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
