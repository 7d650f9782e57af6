package candor.core.policy;

import candor.core.store.NotFoundException;

/** Thrown when a review names a search that the audit log does not record. */
public final class SearchNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param searchId the search's id
   */
  public SearchNotFoundException(String searchId) {
    super("search " + searchId + " does not exist");
  }
}
