package candor.core.store;

/** Thrown when a collection is created with a name already in use. */
public final class DuplicateCollectionException extends AlreadyExistsException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the name in use
   */
  public DuplicateCollectionException(String name) {
    super("collection '" + name + "' already exists");
  }
}
