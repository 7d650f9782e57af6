package candor.vision.image;

import java.util.Objects;

/**
 * What an image header says, read by {@link ImageLoader#probe} without decoding pixels.
 *
 * @param format the container format, from the magic bytes
 * @param width the width after the EXIF orientation is applied, in pixels
 * @param height the height after the EXIF orientation is applied, in pixels
 * @param orientation the EXIF orientation of the stored pixels; {@link Orientation#NORMAL} when the
 *     file has none, an unreadable one or a value outside 1–8
 */
public record ImageInfo(ImageFormat format, int width, int height, Orientation orientation) {
  /**
   * Checks the fields.
   *
   * @throws NullPointerException if {@code format} or {@code orientation} is null
   * @throws IllegalArgumentException if a side is not positive
   */
  public ImageInfo {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(orientation, "orientation");
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("size must be positive, got " + width + "x" + height);
    }
  }
}
