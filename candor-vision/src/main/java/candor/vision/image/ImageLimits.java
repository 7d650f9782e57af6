package candor.vision.image;

/**
 * The largest input an {@link ImageLoader} accepts, checked before decoding so that a small hostile
 * file cannot make the loader allocate a huge raster.
 *
 * @param maxBytes the largest file, in bytes; in [1, 2147483639] (the largest Java byte array)
 * @param maxPixels the largest width × height, in pixels of the original (undecoded) image; positive
 * @param maxSide the longest allowed width or height, in pixels; positive
 */
public record ImageLimits(long maxBytes, long maxPixels, int maxSide) {
  /** Default byte limit: 25 MiB, well above what a camera JPEG or a phone HEIC-to-JPEG export needs. */
  public static final long DEFAULT_MAX_BYTES = 25L * 1024 * 1024;

  /** Default pixel limit: 50 megapixels, about 150 MB once decoded to 3-byte BGR. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  /** Default side limit: 20000 pixels, which stops long thin images that pass the pixel limit. */
  public static final int DEFAULT_MAX_SIDE = 20_000;

  /** The largest byte array the JVM reliably allocates, hence the ceiling on {@code maxBytes}. */
  static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  /**
   * Checks the limits.
   *
   * @throws IllegalArgumentException if a limit is not positive or {@code maxBytes} exceeds what one
   *     Java array holds
   */
  public ImageLimits {
    if (maxBytes < 1 || maxBytes > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException("maxBytes must be in [1, " + MAX_ARRAY_BYTES + "], got " + maxBytes);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    if (maxSide < 1) {
      throw new IllegalArgumentException("maxSide must be positive, got " + maxSide);
    }
  }

  /**
   * Returns the default limits: 25 MiB, 50 megapixels, 20000 pixels per side.
   *
   * @return the default limits
   */
  public static ImageLimits defaults() {
    return new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE);
  }
}
