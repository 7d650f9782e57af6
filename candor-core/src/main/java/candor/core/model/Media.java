package candor.core.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One ingested image file, identified within its collection by the SHA-256 of its bytes.
 *
 * <p>The same image may be ingested into two collections (two records); within one collection a
 * second ingest of the same bytes is a duplicate.
 *
 * @param sha256 the SHA-256 of the file's bytes, 64 lower-case hex digits
 * @param collection the collection it was ingested into; a valid collection name
 * @param source where the image came from (a URI or a path), for reviewers; not blank
 * @param ingestedBy the actor who ingested it; not blank
 * @param ingestedAt when it was ingested; kept to the microsecond
 * @param byteSize the file's size in bytes, positive
 * @param width the width in pixels of the orientation-corrected image, positive
 * @param height the height in pixels of the orientation-corrected image, positive
 * @param retainUntil the last day the image and its unidentified faces may be kept (faces of a
 *     subject follow the subject's date)
 */
public record Media(
    String sha256,
    String collection,
    String source,
    String ingestedBy,
    Instant ingestedAt,
    long byteSize,
    int width,
    int height,
    LocalDate retainUntil) {

  /**
   * Validates the media record.
   *
   * @throws NullPointerException if an argument is null (message names it)
   * @throws IllegalArgumentException if the digest is not 64 lower-case hex digits, a text field
   *     is blank, or a size is not positive (message such as {@code "width must be positive, got
   *     0"})
   */
  public Media {
    Checks.sha256("sha256", sha256);
    CollectionInfo.checkName(collection);
    Checks.notBlank("source", source);
    Checks.notBlank("ingestedBy", ingestedBy);
    ingestedAt = Checks.micros("ingestedAt", ingestedAt);
    positive("byteSize", byteSize);
    positive("width", width);
    positive("height", height);
    Objects.requireNonNull(retainUntil, "retainUntil");
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
