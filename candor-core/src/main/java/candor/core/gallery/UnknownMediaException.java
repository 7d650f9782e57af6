package candor.core.gallery;

import candor.core.store.NotFoundException;

/** Thrown when an erasure names an image that no collection holds. */
public final class UnknownMediaException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param sha256 the image's digest (message {@code "media <sha256> does not exist in any
   *     collection"})
   */
  public UnknownMediaException(String sha256) {
    super("media " + sha256 + " does not exist in any collection");
  }
}
