package candor.vision.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Recognises image formats from their first bytes. */
final class FormatSniffer {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JP2_SIGNATURE = {0, 0, 0, 0x0c, 'j', 'P', ' ', ' ', '\r', '\n', (byte) 0x87, '\n'};
  private static final byte[] JXL_CONTAINER = {0, 0, 0, 0x0c, 'J', 'X', 'L', ' ', '\r', '\n', (byte) 0x87, '\n'};

  private FormatSniffer() {}

  /** Returns the supported format whose signature {@code bytes} start with, if any. */
  static Optional<ImageFormat> sniff(byte[] bytes) {
    if (startsWith(bytes, 0, (byte) 0xff, (byte) 0xd8, (byte) 0xff)) {
      return Optional.of(ImageFormat.JPEG);
    }
    if (startsWith(bytes, 0, PNG_SIGNATURE)) {
      return Optional.of(ImageFormat.PNG);
    }
    if (startsWith(bytes, 0, ascii("GIF87a")) || startsWith(bytes, 0, ascii("GIF89a"))) {
      return Optional.of(ImageFormat.GIF);
    }
    if (startsWith(bytes, 0, ascii("RIFF")) && startsWith(bytes, 8, ascii("WEBP"))) {
      return Optional.of(ImageFormat.WEBP);
    }
    // "BM" is only two bytes, so it is tested last; a text file starting "BM" then fails in the
    // BMP header, which is still an UnreadableImageException.
    if (startsWith(bytes, 0, ascii("BM"))) {
      return Optional.of(ImageFormat.BMP);
    }
    return Optional.empty();
  }

  /**
   * Returns the name of a well-known image or document format that the loader does not decode, so
   * that the message can say what the file is; empty for anything else.
   */
  static Optional<String> unsupportedName(byte[] bytes) {
    if (startsWith(bytes, 0, ascii("II*\0")) || startsWith(bytes, 0, ascii("MM\0*"))) {
      return Optional.of("tiff");
    }
    if (startsWith(bytes, 4, ascii("ftyp")) && bytes.length >= 12) {
      String brand = new String(bytes, 8, 4, StandardCharsets.ISO_8859_1);
      return switch (brand) {
        case "avif", "avis" -> Optional.of("avif");
        case "heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1" -> Optional.of("heif");
        default -> Optional.empty();
      };
    }
    if (startsWith(bytes, 0, JP2_SIGNATURE) || startsWith(bytes, 0, (byte) 0xff, (byte) 0x4f, (byte) 0xff, (byte) 0x51)) {
      return Optional.of("jpeg 2000");
    }
    if (startsWith(bytes, 0, JXL_CONTAINER) || startsWith(bytes, 0, (byte) 0xff, (byte) 0x0a)) {
      return Optional.of("jpeg xl");
    }
    if (startsWith(bytes, 0, ascii("%PDF-"))) {
      return Optional.of("pdf");
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] bytes, int offset, byte... prefix) {
    if (bytes.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
