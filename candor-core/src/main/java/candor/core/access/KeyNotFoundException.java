package candor.core.access;

import candor.core.store.NotFoundException;

/** Thrown when an operation names an API key that does not exist. */
public final class KeyNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param id the missing key's id
   */
  public KeyNotFoundException(String id) {
    super("API key " + id + " does not exist");
  }
}
