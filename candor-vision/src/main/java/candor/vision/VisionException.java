package candor.vision;

/** The root of everything the face engine throws; unchecked, always with a message that names the input. */
public abstract class VisionException extends RuntimeException {
  protected VisionException(String message) {
    super(message);
  }

  protected VisionException(String message, Throwable cause) {
    super(message, cause);
  }
}
