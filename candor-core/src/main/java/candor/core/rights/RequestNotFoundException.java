package candor.core.rights;

import candor.core.store.NotFoundException;
import java.util.UUID;

/** Thrown when the register holds no request with an id. */
public final class RequestNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param id the id asked for
   */
  public RequestNotFoundException(UUID id) {
    super("no request " + id);
  }
}
