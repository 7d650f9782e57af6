package candor.core.rights;

import candor.core.model.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One request in the register: what was asked, when it was received and is due, whether the
 * requester's identity was checked, and when and how it was answered.
 *
 * <p>Privacy: {@code requesterRef} is the operator's reference for the requester (a case or
 * ticket number), never their name; the identity note says how identity was checked ("passport
 * seen at the desk"), and may itself be personal data, so it stays in the register (not the
 * append-only audit, which keeps its SHA-256).
 *
 * @param id the request's id
 * @param kind what was asked
 * @param requesterRef the operator's reference for the requester; not blank
 * @param receivedBy who received it (the user of the key)
 * @param received when it was received
 * @param due the date it must be answered by: one month after receipt (GDPR Art. 12(3))
 * @param identityCheckedBy who checked the requester's identity, or {@code null}
 * @param identityChecked when, or {@code null} while unchecked
 * @param identityNote how, or {@code null}
 * @param answeredBy who answered, or {@code null} while open
 * @param answered when, or {@code null} while open
 * @param outcome what the answer said, or {@code null} while open
 * @param searchId the access search's id (its {@code search.run} audit entry), or {@code null}
 * @param threshold the similarity a face had to reach to be a match, or {@code null}
 * @param maxFmr the calibrated false match rate the threshold was chosen for, or {@code null}
 * @param photoKept whether the requester's photo is still kept (sealed) for the open request
 * @param optOutId the do-not-enrol entry the request added or removed, or {@code null}
 */
public record RightsRequest(
    UUID id,
    RequestKind kind,
    String requesterRef,
    String receivedBy,
    Instant received,
    LocalDate due,
    String identityCheckedBy,
    Instant identityChecked,
    String identityNote,
    String answeredBy,
    Instant answered,
    String outcome,
    String searchId,
    Double threshold,
    Double maxFmr,
    boolean photoKept,
    UUID optOutId) {

  /** How long the operator has to answer: one month (GDPR Art. 12(3)). */
  public static final java.time.Period TIME_TO_ANSWER = java.time.Period.ofMonths(1);

  /**
   * Validates.
   *
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if the requester reference is blank
   */
  public RightsRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(requesterRef, "requesterRef");
    if (requesterRef.isBlank()) {
      throw new InvalidRequestException("a request requires the requester's reference");
    }
    Objects.requireNonNull(receivedBy, "receivedBy");
    Objects.requireNonNull(received, "received");
    Objects.requireNonNull(due, "due");
  }

  /**
   * Creates a request just received: due one month later, identity unchecked, unanswered.
   *
   * @param id its id
   * @param kind what was asked
   * @param requesterRef the operator's reference for the requester
   * @param receivedBy who received it
   * @param received when
   * @return the request
   */
  public static RightsRequest received(UUID id, RequestKind kind, String requesterRef,
      String receivedBy, Instant received) {
    LocalDate due = LocalDate.ofInstant(received, ZoneOffset.UTC).plus(TIME_TO_ANSWER);
    return new RightsRequest(id, kind, requesterRef, receivedBy, received, due, null, null, null,
        null, null, null, null, null, null, false, null);
  }

  /**
   * Returns whether the request still waits for its answer.
   *
   * @return {@code true} until it is answered
   */
  public boolean open() {
    return answered == null;
  }

  /**
   * Returns whether the requester's identity has been checked.
   *
   * @return {@code true} once recorded
   */
  public boolean identityVerified() {
    return identityChecked != null;
  }

  /**
   * Returns whether the request is open past its due date.
   *
   * @param today the date today (UTC)
   * @return {@code true} if it is open and due before today
   */
  public boolean overdue(LocalDate today) {
    return open() && due.isBefore(today);
  }

  /**
   * Returns the access search's id.
   *
   * @return the id, or empty for a request that searched nothing
   */
  public Optional<String> search() {
    return Optional.ofNullable(searchId);
  }
}
