package candor.core.review;

import candor.core.store.NotFoundException;

/** Thrown when a search's probe face is asked for and none is kept: never kept, or deleted. */
public final class ProbeNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which search, and why there is no probe face (see {@link
   *     ReviewDesk#probeMissing})
   */
  public ProbeNotFoundException(String message) {
    super(message);
  }
}
