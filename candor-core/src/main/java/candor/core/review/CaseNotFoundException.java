package candor.core.review;

import candor.core.store.NotFoundException;

/**
 * Thrown when a reader asks for a case with no search and no approval they may read: an unknown
 * case and a case of collections they are not granted answer alike.
 */
public final class CaseNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param caseRef the case reference
   */
  public CaseNotFoundException(String caseRef) {
    super("case " + caseRef + " has no search or approval you may read");
  }
}
