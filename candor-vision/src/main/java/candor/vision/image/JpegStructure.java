package candor.vision.image;

/** Walks the marker segments of a JPEG header without decoding it. */
final class JpegStructure {
  private static final int SOS = 0xda;
  private static final int EOI = 0xd9;

  private JpegStructure() {}

  /**
   * Tells whether a JPEG stream ends before the first byte of its entropy-coded image data, that
   * is in its header or right after its first start-of-scan header.
   *
   * <p>Such a file would decode, if at all, to a uniform grey image, so the loader refuses it. The
   * walk is conservative: a structure it does not understand (a byte where a marker belongs, an
   * impossible segment length, an early end-of-image marker) returns false and is left to the
   * decoder to judge.
   */
  static boolean endsBeforeImageData(byte[] jpeg) {
    int i = 2; // after SOI
    while (true) {
      if (i >= jpeg.length) {
        return true;
      }
      if ((jpeg[i] & 0xff) != 0xff) {
        return false;
      }
      // Any number of 0xff fill bytes may precede a marker code.
      while (i < jpeg.length && (jpeg[i] & 0xff) == 0xff) {
        i++;
      }
      if (i >= jpeg.length) {
        return true;
      }
      int marker = jpeg[i++] & 0xff;
      boolean standalone = marker == 0x01 || marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7);
      if (standalone) {
        continue;
      }
      // An early end of image, or a code outside the marker range (only TEM, 0x01, lies below
      // 0xc0), is a structure this walk does not understand.
      if (marker == EOI || marker < 0xc0) {
        return false;
      }
      if (i + 2 > jpeg.length) {
        return true;
      }
      int length = ((jpeg[i] & 0xff) << 8) | (jpeg[i + 1] & 0xff);
      if (length < 2) {
        return false;
      }
      int end = i + length;
      if (marker == SOS) {
        return end >= jpeg.length;
      }
      i = end;
    }
  }
}
