package candor.core.gallery;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The receipt of an erasure: what was erased, when, and how much. It holds identifiers and
 * counts, never biometric or identifying data (no names, no external references), so it can be
 * shown, logged and audited.
 *
 * @param what what was asked for: {@code "subject <uuid>"} or {@code "media <sha256>"}
 * @param at when the store's erasure committed
 * @param facesErased faces deleted (rows, index entries and crops)
 * @param mediaErased image records deleted
 * @param subjectsErased subjects deleted
 * @param filesDeleted crop and original files removed from the data directory
 * @param subjects the ids of the subjects deleted; copied
 * @param media the images deleted, as {@code collection/sha256}; copied
 * @param auditSequence the sequence number of the erasure's audit entry
 */
public record ErasureResult(
    String what,
    Instant at,
    int facesErased,
    int mediaErased,
    int subjectsErased,
    int filesDeleted,
    List<UUID> subjects,
    List<String> media,
    long auditSequence) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a required component is null
   */
  public ErasureResult {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(at, "at");
    subjects = List.copyOf(subjects);
    media = List.copyOf(media);
  }
}
