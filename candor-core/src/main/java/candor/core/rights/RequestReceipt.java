package candor.core.rights;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The receipt of an erasure done on a request, attached to it: what was erased, when, how much,
 * and the erasure's audit entry. Ids and counts only, no biometric or identifying data.
 *
 * @param auditSequence the sequence number of the erasure's audit entry ({@code subject.erase}
 *     or {@code media.erase})
 * @param what what was erased: {@code "subject <uuid>"} or {@code "media <sha256>"}
 * @param at when the store's erasure committed
 * @param faceIds the request's matched faces it erased; copied
 * @param facesErased faces erased in all (a subject's other faces and the other faces of a photo
 *     included)
 * @param mediaErased image records erased
 * @param subjectsErased subjects erased
 * @param filesDeleted crop and original files deleted
 */
public record RequestReceipt(
    long auditSequence,
    String what,
    Instant at,
    List<Long> faceIds,
    int facesErased,
    int mediaErased,
    int subjectsErased,
    int filesDeleted) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a required component is null
   */
  public RequestReceipt {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(at, "at");
    faceIds = List.copyOf(faceIds);
  }
}
