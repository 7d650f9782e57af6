package candor.core.gallery;

import candor.core.model.Subject;
import java.util.Objects;

/**
 * A subject as listed for administrators: the record and how many faces it has.
 *
 * @param subject the subject
 * @param faces the number of its stored faces
 */
public record SubjectListing(Subject subject, long faces) {

  /**
   * Validates the listing.
   *
   * @throws NullPointerException if {@code subject} is null
   */
  public SubjectListing {
    Objects.requireNonNull(subject, "subject");
  }
}
