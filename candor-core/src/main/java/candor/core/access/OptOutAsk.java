package candor.core.access;

import candor.core.model.InvalidRequestException;
import java.util.Objects;
import java.util.UUID;

/**
 * A person's request never to be enrolled: the operator's reference for them, the reference of
 * their consent to keep their template for it, and where their face comes from (a photo, or the
 * photo of their open access request).
 *
 * <p>Privacy: only the template of the photo's largest face is kept, sealed; the photo is not.
 *
 * @param requesterRef the operator's reference for the requester; 1 to 200 characters
 * @param consentReference the consent record's reference; 1 to 200 characters
 * @param photo the person's photo, or {@code null} with {@code fromRequest}
 * @param fromRequest an open access request whose photo to take the face from, or {@code null}
 */
public record OptOutAsk(String requesterRef, String consentReference, Upload photo,
    UUID fromRequest) {

  /**
   * Validates.
   *
   * @throws InvalidRequestException if a reference is blank or too long, or not exactly one of the photo
   *     and the request is given
   */
  public OptOutAsk {
    requesterRef = RequestOperations.requesterRef(requesterRef);
    if (consentReference == null || consentReference.isBlank()) {
      throw new InvalidRequestException("an opt-out requires the reference of the person's"
          + " consent to keep their template on the do-not-enrol list");
    }
    consentReference = consentReference.strip();
    if (consentReference.length() > RequestOperations.MAX_REF
        || consentReference.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException("the consent reference must be at most "
          + RequestOperations.MAX_REF + " printable characters, got "
          + consentReference.length());
    }
    if ((photo == null) == (fromRequest == null)) {
      throw new InvalidRequestException("an opt-out needs the person's photo, or the access"
          + " request whose photo to use (one of them)");
    }
  }

  /**
   * Returns whether the face comes from an access request's photo.
   *
   * @return {@code true} when {@link #fromRequest()} is given
   */
  public boolean fromAccessRequest() {
    return Objects.nonNull(fromRequest);
  }
}
