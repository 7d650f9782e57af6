package candor.core.access;

import candor.core.gallery.StrictThreshold;
import candor.core.model.InvalidRequestException;
import candor.core.rights.RequestKind;
import java.util.Objects;

/**
 * A person's request about their own faces, as a privacy officer enters it: what they ask, the
 * operator's reference for them, and their photo.
 *
 * <p>Privacy: the photo is the requester's face; it is kept, sealed, only while the request is
 * open.
 *
 * @param kind access, erasure or objection
 * @param requesterRef the operator's reference for the requester (a case or ticket number, not
 *     their name); 1 to 200 characters
 * @param photo the requester's photo
 * @param maxFmr the calibrated false match rate of the matching threshold, in (0, 1e-3];
 *     {@link StrictThreshold#DEFAULT_MAX_FMR} by default
 */
public record AccessAsk(RequestKind kind, String requesterRef, Upload photo, double maxFmr) {

  /** The loosest rate an access request may choose: looser returns strangers' faces. */
  public static final double LOOSEST_FMR = 1e-3;

  /**
   * Validates.
   *
   * @throws NullPointerException if the kind or photo is null
   * @throws InvalidRequestException if the kind does not search, the reference is blank or
   *     longer than 200 characters, or the rate is outside (0, 1e-3]
   */
  public AccessAsk {
    Objects.requireNonNull(kind, "kind");
    if (kind.searches() == false) {
      throw new InvalidRequestException("an access request is of kind access, erasure or"
          + " objection, got " + kind.id());
    }
    requesterRef = RequestOperations.requesterRef(requesterRef);
    Objects.requireNonNull(photo, "photo");
    if ((maxFmr > 0 && maxFmr <= LOOSEST_FMR) == false) {
      throw new InvalidRequestException("the false match rate of an access request must be in"
          + " (0, 1e-3], got " + maxFmr);
    }
  }

  /**
   * An access request at the default rate.
   *
   * @param kind access, erasure or objection
   * @param requesterRef the operator's reference for the requester
   * @param photo the requester's photo
   */
  public AccessAsk(RequestKind kind, String requesterRef, Upload photo) {
    this(kind, requesterRef, photo, StrictThreshold.DEFAULT_MAX_FMR);
  }
}
