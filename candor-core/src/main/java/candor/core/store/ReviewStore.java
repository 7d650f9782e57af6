package candor.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The review material of searches: each search's candidates with their scores, who searched, and
 * the probe's face kept for the reviewers; and which candidates wait for a user's decision.
 *
 * <p>Privacy: the probe's face (a JPEG crop of the searched face, not the whole photo) is
 * biometric data of someone who may be in no collection. It is sealed (AES-256-GCM) under a data
 * key of its own, owned by {@code search:<id>} and wrapped by the master key like the gallery's
 * keys (so master key rotation covers it), and bound to its search by the associated data.
 * {@link #deleteProbe} clears the sealed bytes and destroys that key in the caller's transaction,
 * which makes every leftover copy (free pages, WAL, backups) unreadable. Scores and estimates are
 * not biometric data and stay with the search for oversight.
 *
 * <p>Thread-safe.
 */
public interface ReviewStore {

  /**
   * A candidate that waits for a user's decision.
   *
   * @param searchId the search
   * @param faceId the candidate face
   * @param ownSearch whether the user ran the search (and nobody has decided on the candidate
   *     yet); otherwise another user confirmed it and it waits for a second confirmation
   */
  record Waiting(String searchId, long faceId, boolean ownSearch) {
    /**
     * Validates.
     *
     * @throws NullPointerException if the search id is null
     */
    public Waiting {
      Objects.requireNonNull(searchId, "searchId");
    }
  }

  /**
   * Stores a search's review material and seals its probe face under a new data key, in the
   * caller's transaction (append the search's audit entry after it, in the same transaction).
   *
   * @param tx the open transaction
   * @param record what to keep; {@code record.probeKept()} must say whether {@code probe} is given
   * @param probe the probe face's JPEG bytes, or {@code null} to keep none
   * @throws IllegalArgumentException if {@code probe} and {@code record.probeKept()} disagree
   * @throws StoreException if the search already has review material, or the database fails
   */
  void record(Transaction tx, ReviewRecord record, byte[] probe);

  /**
   * Reads a search's review material.
   *
   * @param searchId the search
   * @return the material, or empty for a search that kept none (one run before this store
   *     existed, or by the command line)
   */
  Optional<ReviewRecord> find(String searchId);

  /**
   * Opens a search's probe face.
   *
   * <p>Privacy: returns biometric data; the caller checks the reader's grant and audits the read.
   *
   * @param searchId the search
   * @param now the time, to refuse a probe past its keep-until time
   * @return the JPEG bytes, or empty if none was kept, it was deleted, or its keep-until time has
   *     passed (then it is deleted by the next sweep)
   * @throws candor.core.crypto.DecryptionFailedException if the sealed bytes were altered
   */
  Optional<byte[]> openProbe(String searchId, Instant now);

  /**
   * Deletes a search's probe face: clears the sealed bytes and destroys its data key, recording
   * when and why, in the caller's transaction (audit it there too).
   *
   * @param tx the open transaction
   * @param searchId the search
   * @param at when
   * @param reason why, for the record, such as {@code "every candidate decided"}
   * @return whether a probe face was held and is now deleted
   */
  boolean deleteProbe(Transaction tx, String searchId, Instant at, String reason);

  /**
   * Lists searches whose probe face is still held past its keep-until time.
   *
   * @param now the time
   * @param limit the most to return
   * @return search ids, oldest first
   */
  List<String> probesDue(Instant now, int limit);

  /**
   * Lists the candidates that wait for a user's decision: those another user confirmed that still
   * wait for a second confirmation (confirmed by one user, rejected by none), and those of the
   * user's own searches whose review is still open (the probe's keep-until time has not passed)
   * on which nobody has decided. Candidates whose face was erased are left out, and so are
   * candidates the user has decided on.
   *
   * @param user the user (the name keys are issued to)
   * @param now the time
   * @param limit the most rows to return
   * @return the waiting candidates, oldest search first
   */
  List<Waiting> waitingFor(String user, Instant now, int limit);
}
