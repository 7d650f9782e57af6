package candor.core.policy;

import candor.core.store.AlreadyExistsException;

/** Thrown when a user reviews a candidate they have already reviewed. */
public final class DuplicateReviewException extends AlreadyExistsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param reviewer the user
   * @param candidate the candidate, named by its rank ("candidate #2")
   * @param searchId the search
   */
  public DuplicateReviewException(String reviewer, String candidate, String searchId) {
    super(reviewer + " has already reviewed " + candidate + " of search " + searchId);
  }
}
