package candor.core.access;

import candor.core.model.CollectionInfo;
import candor.core.model.InvalidRequestException;
import candor.core.model.LawfulBasis;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A subject to enrol through the service.
 *
 * @param collection the collection
 * @param externalRef the enrolling organisation's own reference for the person: 1 to 128 of
 *     {@code [A-Za-z0-9._-]}, starting with a letter or digit (it names the subject's folder of
 *     uploaded photos)
 * @param displayName the name shown to reviewers; not blank
 * @param basis the lawful basis; required (consent or authority, with its reference)
 * @param retainUntil the last day to keep the subject, or {@code null} for the longest the
 *     collection's retention allows
 */
public record NewSubject(
    String collection, String externalRef, String displayName, LawfulBasis basis,
    LocalDate retainUntil) {

  private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  /**
   * Validates.
   *
   * @throws InvalidRequestException if the basis is missing (message {@code "a subject requires
   *     a lawful basis: consent or authority, with its reference"}), the reference is malformed
   *     or the display name blank
   */
  public NewSubject {
    CollectionInfo.checkName(collection);
    if (basis == null) {
      throw new InvalidRequestException(
          "a subject requires a lawful basis: consent or authority, with its reference");
    }
    if (externalRef == null || REF.matcher(externalRef).matches() == false) {
      throw new InvalidRequestException("externalRef must be 1 to 128 of [A-Za-z0-9._-]"
          + " starting with a letter or digit, got '" + externalRef + "'");
    }
    if (displayName == null || displayName.isBlank() || displayName.length() > 256) {
      throw new InvalidRequestException("a subject requires a display name (1 to 256 characters)");
    }
    Objects.requireNonNull(basis, "basis");
  }
}
