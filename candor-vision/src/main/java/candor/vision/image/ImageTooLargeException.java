package candor.vision.image;

import candor.vision.VisionException;

/**
 * Thrown when an input exceeds one of the {@link ImageLimits}: its byte size, its pixel count or
 * the length of one side, checked before any pixel is decoded.
 *
 * <p>The message is one line that starts with the file name and gives the value and the limit, for
 * example {@code "bomb.png: 30000x30000 pixels exceeds the limit of 50000000 pixels"}.
 */
public final class ImageTooLargeException extends VisionException {
  /**
   * Creates the exception.
   *
   * @param message one line, starting with the file name
   */
  public ImageTooLargeException(String message) {
    super(message);
  }
}
