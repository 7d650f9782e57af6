package candor.core.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * A known person enrolled in a collection, with the lawful basis for holding their faces and the
 * date after which they must be erased.
 *
 * <p>Privacy: the display name and external reference identify a person. Erasing the subject
 * deletes this record with its faces and destroys the key that encrypts their templates.
 *
 * @param id the subject's identifier, chosen by the caller (usually {@link UUID#randomUUID()})
 * @param collection the collection the subject belongs to; a valid collection name
 * @param externalRef the caller's own reference for the person (case or record number), unique
 *     within the collection; not blank
 * @param displayName a name shown to reviewers; not blank
 * @param basis the lawful basis for holding this subject's faces; required
 * @param retainUntil the last day the subject may be kept; the retention sweeper erases the
 *     subject after it
 * @param created when the subject was enrolled; kept to the microsecond
 */
public record Subject(
    UUID id,
    String collection,
    String externalRef,
    String displayName,
    LawfulBasis basis,
    LocalDate retainUntil,
    Instant created) {

  /**
   * Validates the subject.
   *
   * @throws NullPointerException if an argument is null; a missing basis gives the message
   *     {@code "a subject requires a lawful basis"}
   * @throws IllegalArgumentException if the collection name is invalid or a text field is blank
   */
  public Subject {
    Objects.requireNonNull(id, "id");
    CollectionInfo.checkName(collection);
    Checks.notBlank("externalRef", externalRef);
    Checks.notBlank("displayName", displayName);
    Objects.requireNonNull(basis, "a subject requires a lawful basis");
    Objects.requireNonNull(retainUntil, "retainUntil");
    created = Checks.micros("created", created);
  }
}
