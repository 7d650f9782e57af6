package candor.vision;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A decoded, orientation-corrected image ready for the pipeline.
 *
 * <p>{@code pixels} is always {@link BufferedImage#TYPE_3BYTE_BGR}. It may be a reduced-resolution
 * decode of a large file: {@code scale} is decoded pixels per original pixel (1 for a full decode,
 * 0.5 for a 1/2 subsampled one). {@code width} and {@code height} are the full, orientation-corrected
 * size of the original, so callers map coordinates back with {@code x / scale}.
 *
 * @param pixels the decoded pixels, 3-byte BGR, origin top-left, orientation applied
 * @param width original width after orientation, in pixels
 * @param height original height after orientation, in pixels
 * @param scale decoded pixels per original pixel, in (0, 1]
 * @param format the detected container format, lower case ("jpeg", "png", ...)
 */
public record DecodedImage(BufferedImage pixels, int width, int height, double scale, String format) {
  public DecodedImage {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(format, "format");
    if (pixels.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      throw new IllegalArgumentException("expected TYPE_3BYTE_BGR pixels, got type " + pixels.getType());
    }
    if (!(scale > 0 && scale <= 1)) {
      throw new IllegalArgumentException("scale must be in (0, 1], got " + scale);
    }
  }

  /** A full-resolution image whose decoded size is its original size. */
  public static DecodedImage full(BufferedImage bgr, String format) {
    return new DecodedImage(bgr, bgr.getWidth(), bgr.getHeight(), 1.0, format);
  }
}
