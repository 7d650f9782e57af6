package candor.core.store;

/** Thrown when an operation names a collection that does not exist. */
public final class CollectionNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the missing collection
   */
  public CollectionNotFoundException(String name) {
    super("collection '" + name + "' does not exist");
  }
}
