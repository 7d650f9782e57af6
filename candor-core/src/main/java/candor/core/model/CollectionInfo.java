package candor.core.model;

import java.time.Instant;
import java.time.Period;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named gallery of faces held for one stated purpose, with the lawful basis and retention that
 * apply to what is added to it unless a subject says otherwise.
 *
 * @param name the collection's identifier: 1 to 64 characters of {@code [a-z0-9-]}, starting
 *     with a letter or digit
 * @param purpose why the collection exists, in words a reviewer can check; not blank
 * @param defaultBasis the lawful basis of faces that have no subject (unidentified faces in
 *     archive photos); not null
 * @param retention how long media and subjects are kept after they are added, positive (for
 *     example {@code P5Y}); callers compute {@code retainUntil} dates from it
 * @param keepOriginals whether the original image files are kept (needed to re-embed with a new
 *     model) or only the face crops
 * @param created when the collection was created; kept to the microsecond
 */
public record CollectionInfo(
    String name,
    String purpose,
    LawfulBasis defaultBasis,
    Period retention,
    boolean keepOriginals,
    Instant created) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /**
   * Validates the collection.
   *
   * @throws NullPointerException if an argument is null (message names it)
   * @throws IllegalArgumentException if the name does not match {@code [a-z0-9][a-z0-9-]{0,63}}
   *     (message {@code "collection name must match [a-z0-9][a-z0-9-]{0,63}, got 'Bad Name'"}),
   *     if the purpose is blank, or if the retention is zero or negative
   */
  public CollectionInfo {
    checkName(name);
    Checks.notBlank("purpose", purpose);
    Objects.requireNonNull(defaultBasis, "defaultBasis");
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
    created = Checks.micros("created", created);
  }

  /**
   * Checks that a string is a valid collection name.
   *
   * @param name the candidate name
   * @return {@code name}
   * @throws NullPointerException if {@code name} is null
   * @throws InvalidRequestException if it does not match {@code [a-z0-9][a-z0-9-]{0,63}}
   */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "collection name");
    if (NAME.matcher(name).matches() == false) {
      throw new InvalidRequestException(
          "collection name must match [a-z0-9][a-z0-9-]{0,63}, got '"
              + Checks.abbreviate(name) + "'");
    }
    return name;
  }
}
