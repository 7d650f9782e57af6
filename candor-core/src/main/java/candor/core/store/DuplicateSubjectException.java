package candor.core.store;

/**
 * Thrown when a subject is created with an id, or an external reference within its collection,
 * that is already in use.
 */
public final class DuplicateSubjectException extends AlreadyExistsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which subject already exists
   */
  public DuplicateSubjectException(String message) {
    super(message);
  }
}
