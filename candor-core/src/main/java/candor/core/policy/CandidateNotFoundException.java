package candor.core.policy;

import candor.core.store.NotFoundException;

/** Thrown when a review names a face that was not a candidate of the search, or was erased. */
public final class CandidateNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which face and search, and why
   */
  public CandidateNotFoundException(String message) {
    super(message);
  }
}
