package candor.core.crypto;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who a data key belongs to: a subject (all of that person's faces), an image (the unidentified
 * faces found in it), or a search (its probe's face, kept for the search's review).
 *
 * @param id the owner's key id: {@code subject:<uuid>}, {@code media:<collection>/<sha256>} or
 *     {@code search:<uuid>}
 */
public record KeyOwner(String id) {

  /**
   * The keys of people's requests: a requester's photo, kept while their request is open
   * ({@code request:<uuid>}), and an entry of the do-not-enrol list ({@code optout:<uuid>}).
   */
  private static final Pattern RIGHTS = Pattern.compile(
      "(request|optout):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private static final Pattern ID =
      Pattern.compile(
          "subject:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
              + "|media:[a-z0-9][a-z0-9-]{0,63}/[0-9a-f]{64}"
              + "|search:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /**
   * Validates the id.
   *
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalArgumentException if it is not a subject, media or search key id
   */
  public KeyOwner {
    Objects.requireNonNull(id, "id");
    if (ID.matcher(id).matches() == false && RIGHTS.matcher(id).matches() == false) {
      throw new IllegalArgumentException("not a data key owner id: '" + id + "'");
    }
  }

  /**
   * Returns the owner of a subject's key.
   *
   * @param subjectId the subject
   * @return the owner
   */
  public static KeyOwner subject(UUID subjectId) {
    return new KeyOwner("subject:" + subjectId);
  }

  /**
   * Returns the owner of a request's key, which protects the requester's photo while their
   * request is open.
   *
   * @param requestId the request
   * @return the owner
   */
  public static KeyOwner request(UUID requestId) {
    return new KeyOwner("request:" + requestId);
  }

  /**
   * Returns the owner of a do-not-enrol entry's key, which protects the person's template.
   *
   * @param entryId the entry
   * @return the owner
   */
  public static KeyOwner optOut(UUID entryId) {
    return new KeyOwner("optout:" + entryId);
  }

  /**
   * Returns the owner of an image's key, which protects its unidentified faces.
   *
   * @param collection the image's collection
   * @param sha256 the image's digest
   * @return the owner
   * @throws IllegalArgumentException if the collection or digest is malformed
   */
  public static KeyOwner media(String collection, String sha256) {
    return new KeyOwner("media:" + collection + "/" + sha256);
  }

  /**
   * Returns the owner of a search's key, which protects the probe face kept for its review.
   *
   * @param searchId the search's id, a UUID as the audit log records it
   * @return the owner
   * @throws IllegalArgumentException if the id is not a lower-case UUID
   */
  public static KeyOwner search(String searchId) {
    return new KeyOwner("search:" + searchId);
  }
}
