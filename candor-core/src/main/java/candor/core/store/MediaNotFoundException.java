package candor.core.store;

/** Thrown when an operation names an image that is not in the collection. */
public final class MediaNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param collection the collection searched
   * @param sha256 the missing image's digest
   */
  public MediaNotFoundException(String collection, String sha256) {
    super("media " + sha256 + " does not exist in collection '" + collection + "'");
  }
}
