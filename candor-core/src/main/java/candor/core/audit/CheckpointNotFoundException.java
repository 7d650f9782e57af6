package candor.core.audit;

import candor.core.store.NotFoundException;

/** Thrown when the latest checkpoint is asked for and none has been signed yet (HTTP 404). */
public final class CheckpointNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public CheckpointNotFoundException() {
    super("no audit checkpoint has been signed yet");
  }
}
