package candor.vision.image;

/**
 * An image container format the {@link ImageLoader} decodes, recognised from its first bytes (never
 * from the file name).
 */
public enum ImageFormat {
  /** JPEG/JFIF/EXIF, baseline or progressive; grey, YCbCr, CMYK and YCCK. */
  JPEG("jpeg"),
  /** PNG of any bit depth and colour type; transparency is composited on white. */
  PNG("png"),
  /** GIF; only the first frame of an animation is decoded. */
  GIF("gif"),
  /** Windows bitmap. */
  BMP("bmp"),
  /** WebP, lossy or lossless; transparency is composited on white. */
  WEBP("webp");

  private final String id;

  ImageFormat(String id) {
    this.id = id;
  }

  /**
   * Returns the lower-case name used in messages and in {@link candor.vision.DecodedImage#format()}.
   *
   * @return "jpeg", "png", "gif", "bmp" or "webp"
   */
  public String id() {
    return id;
  }
}
