package candor.vision.image;

import candor.vision.VisionException;

/**
 * Thrown when bytes cannot be turned into pixels: an empty or truncated file, something that is not
 * an image, a format the loader does not support, or corrupt data.
 *
 * <p>The message is one line that starts with the file name, for example {@code "photo.jpg: not a
 * supported image (first bytes 48 65 6c 6c)"}; the decoder's own exception, if any, is the cause.
 */
public final class UnreadableImageException extends VisionException {
  /**
   * Creates the exception with a message and no cause.
   *
   * @param message one line, starting with the file name
   */
  public UnreadableImageException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and the decoder failure behind it.
   *
   * @param message one line, starting with the file name
   * @param cause what the decoder threw
   */
  public UnreadableImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
