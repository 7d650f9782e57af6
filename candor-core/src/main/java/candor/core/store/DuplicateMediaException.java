package candor.core.store;

/**
 * Thrown when an image is ingested into a collection that already holds the same bytes (the same
 * SHA-256).
 */
public final class DuplicateMediaException extends AlreadyExistsException {

  private static final long serialVersionUID = 1L;

  /** The collection that already holds the image. */
  private final String collection;
  /** The duplicated image's digest. */
  private final String sha256;

  /**
   * Creates the exception.
   *
   * @param collection the collection
   * @param sha256 the image's digest
   */
  public DuplicateMediaException(String collection, String sha256) {
    super("media " + sha256 + " already exists in collection '" + collection + "'");
    this.collection = collection;
    this.sha256 = sha256;
  }

  /**
   * Returns the collection that already holds the image.
   *
   * @return the collection name
   */
  public String collection() {
    return collection;
  }

  /**
   * Returns the digest of the duplicated image.
   *
   * @return the SHA-256 in hex
   */
  public String sha256() {
    return sha256;
  }
}
