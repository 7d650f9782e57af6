package candor.core.store;

import java.util.UUID;

/** Thrown when an operation names a subject that does not exist (or no longer exists). */
public final class SubjectNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param id the missing subject
   */
  public SubjectNotFoundException(UUID id) {
    super("subject " + id + " does not exist");
  }
}
