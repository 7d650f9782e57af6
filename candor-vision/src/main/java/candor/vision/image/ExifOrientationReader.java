package candor.vision.image;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.lang.ByteArrayReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the EXIF orientation tag with metadata-extractor. */
final class ExifOrientationReader {
  private static final Logger LOG = LoggerFactory.getLogger(ExifOrientationReader.class);
  private static final byte[] EXIF_PREAMBLE = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

  private ExifOrientationReader() {}

  /**
   * Returns the orientation recorded in the EXIF block of a JPEG, PNG ({@code eXIf} chunk) or WebP
   * ({@code EXIF} chunk), and {@link Orientation#NORMAL} when there is none.
   *
   * <p>A missing, unreadable or out-of-range tag means NORMAL, as in browsers: broken metadata must
   * not cost an otherwise good photo. GIF and BMP carry no EXIF.
   */
  static Orientation read(byte[] bytes, ImageFormat format, String name) {
    try {
      Metadata metadata =
          switch (format) {
            case JPEG ->
                // Only the EXIF segment reader: the others (XMP, ICC, Photoshop...) parse data the
                // loader does not use.
                JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes), List.of(new ExifReader()));
            case PNG -> tiffMetadata(pngExif(bytes));
            case WEBP -> tiffMetadata(webpExif(bytes));
            case GIF, BMP -> null;
          };
      if (metadata == null) {
        return Orientation.NORMAL;
      }
      ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
      Integer value = ifd0 == null ? null : ifd0.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
      if (value == null) {
        return Orientation.NORMAL;
      }
      if (value < 1 || value > 8) {
        LOG.debug("{}: ignoring EXIF orientation {} outside 1..8", name, value);
        return Orientation.NORMAL;
      }
      return Orientation.fromExif(value);
    } catch (Exception | StackOverflowError | OutOfMemoryError e) {
      // Even running out of memory here leaves nothing behind: the failed allocation was the parser's.
      LOG.debug("{}: ignoring unreadable EXIF metadata", name, e);
      return Orientation.NORMAL;
    }
  }

  private static Metadata tiffMetadata(byte[] tiff) {
    if (tiff == null) {
      return null;
    }
    if (startsWith(tiff, EXIF_PREAMBLE)) {
      // Some writers put the JPEG APP1 preamble in front of the TIFF block; the format says not to.
      tiff = Arrays.copyOfRange(tiff, EXIF_PREAMBLE.length, tiff.length);
    }
    Metadata metadata = new Metadata();
    new ExifReader().extract(new ByteArrayReader(tiff), metadata);
    return metadata;
  }

  // The chunk walks are done here rather than with metadata-extractor's PNG and RIFF readers, which
  // also inflate compressed text chunks: a hostile zTXt could expand far beyond the byte limit.

  /** Returns the payload of the first PNG eXIf chunk, or null. */
  private static byte[] pngExif(byte[] png) {
    long i = 8; // after the signature
    while (i + 8 <= png.length) {
      long length = readIntBigEndian(png, (int) i) & 0xffffffffL;
      String type = new String(png, (int) i + 4, 4, StandardCharsets.ISO_8859_1);
      long data = i + 8;
      if (data + length > png.length || type.equals("IEND")) {
        return null;
      }
      if (type.equals("eXIf")) {
        return Arrays.copyOfRange(png, (int) data, (int) (data + length));
      }
      i = data + length + 4; // data, then the CRC
    }
    return null;
  }

  /** Returns the payload of the first WebP EXIF chunk, or null. */
  private static byte[] webpExif(byte[] webp) {
    long i = 12; // after "RIFF", the RIFF size and "WEBP"
    while (i + 8 <= webp.length) {
      String fourcc = new String(webp, (int) i, 4, StandardCharsets.ISO_8859_1);
      long size = readIntLittleEndian(webp, (int) i + 4) & 0xffffffffL;
      long data = i + 8;
      if (data + size > webp.length) {
        return null;
      }
      if (fourcc.equals("EXIF")) {
        return Arrays.copyOfRange(webp, (int) data, (int) (data + size));
      }
      i = data + size + (size & 1); // chunks are padded to an even size
    }
    return null;
  }

  private static int readIntBigEndian(byte[] b, int i) {
    return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }

  private static int readIntLittleEndian(byte[] b, int i) {
    return (b[i + 3] & 0xff) << 24 | (b[i + 2] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i] & 0xff);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
