package candor.core.rights;

import candor.core.store.NotFoundException;
import java.util.UUID;

/** Thrown when the do-not-enrol list holds no entry with an id. */
public final class OptOutNotFoundException extends NotFoundException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param id the id asked for
   */
  public OptOutNotFoundException(UUID id) {
    super("no do-not-enrol entry " + id);
  }
}
