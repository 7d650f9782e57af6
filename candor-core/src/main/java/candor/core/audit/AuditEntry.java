package candor.core.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit log as stored, with its place in the hash chain.
 *
 * @param sequence the entry's position, 1 for the first, without gaps
 * @param time when it was appended (to the microsecond)
 * @param actor who acted
 * @param action what was done
 * @param object what it was done to
 * @param detailsJson the details as canonical JSON
 * @param prevHash the previous entry's hash (64 zeros for the first), lower-case hex
 * @param hash {@code SHA-256(prevHash bytes ‖ UTF-8 of the entry's canonical JSON)}, lower-case
 *     hex; see {@link AuditChain#hash}
 */
public record AuditEntry(
    long sequence,
    Instant time,
    String actor,
    String action,
    String object,
    String detailsJson,
    String prevHash,
    String hash) {

  /**
   * Checks that no component is null.
   *
   * @throws NullPointerException if a component is null
   */
  public AuditEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(detailsJson, "detailsJson");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
  }
}
