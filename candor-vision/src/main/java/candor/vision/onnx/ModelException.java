package candor.vision.onnx;

import candor.vision.VisionException;

/** A model file is missing, corrupt, has the wrong hash or shape, or failed to run. */
public final class ModelException extends VisionException {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
