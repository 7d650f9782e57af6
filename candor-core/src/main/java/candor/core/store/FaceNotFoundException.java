package candor.core.store;

/** Thrown when an operation names a face that does not exist (or no longer exists). */
public final class FaceNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param id the missing face
   */
  public FaceNotFoundException(long id) {
    super("face " + id + " does not exist");
  }

  /**
   * Creates the exception for a face named by its public id.
   *
   * @param publicId the id as the caller gave it
   */
  public FaceNotFoundException(String publicId) {
    super("face " + publicId + " does not exist");
  }
}
