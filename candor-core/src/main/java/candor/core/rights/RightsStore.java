package candor.core.rights;

import candor.core.store.Transaction;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The register of people's requests, their matches and receipts, and the do-not-enrol list, in
 * the store's database. Writes take the caller's transaction, so that each change commits with
 * its audit entry (append the audit entry last, as {@link candor.core.store.Store#inTransaction}
 * asks).
 *
 * <p>Privacy: a requester's photo is sealed under the request's own data key before it is
 * written, and {@link #deletePhoto} destroys that key; a do-not-enrol template is sealed under
 * its entry's key, and {@link #removeOptOut} destroys it. Opened photos and templates are
 * returned to the caller, who must not keep them.
 *
 * <p>Thread-safe.
 */
public interface RightsStore {

  /**
   * Registers a request, with the requester's photo sealed under a new data key of the request.
   *
   * @param tx the transaction
   * @param request the request as received
   * @param photo the requester's photo to keep while the request is open, or {@code null}
   * @return the stored request
   */
  RightsRequest create(Transaction tx, RightsRequest request, byte[] photo);

  /**
   * Finds a request.
   *
   * @param id its id
   * @return the request, or empty
   */
  Optional<RightsRequest> find(UUID id);

  /**
   * Lists the register, most recently received first.
   *
   * @param openOnly whether to leave answered requests out
   * @return the requests
   */
  List<RightsRequest> list(boolean openOnly);

  /**
   * Records an access request's search and the faces it found.
   *
   * @param tx the transaction
   * @param requestId the request
   * @param searchId the search's id, as its audit entry names it
   * @param threshold the similarity a match had to reach
   * @param maxFmr the false match rate the threshold was chosen for
   * @param matches the faces found, best first
   */
  void recordSearch(Transaction tx, UUID requestId, String searchId, double threshold,
      double maxFmr, List<RequestMatch> matches);

  /**
   * Records that the requester's identity was checked.
   *
   * @param tx the transaction
   * @param requestId the request
   * @param by who checked it
   * @param at when
   * @param note how
   */
  void recordIdentity(Transaction tx, UUID requestId, String by, Instant at, String note);

  /**
   * Returns an access request's matches, best first.
   *
   * @param requestId the request
   * @return the matches, with what was done with each
   */
  List<RequestMatch> matches(UUID requestId);

  /**
   * Records what was done with some of a request's matches.
   *
   * @param tx the transaction
   * @param requestId the request
   * @param faceIds the matched faces
   * @param outcome erased or retained
   * @param reference the overriding basis's reference (retained), or {@code null}
   * @param note why, or {@code null}
   * @param by who decided it
   * @param at when
   */
  void recordOutcome(Transaction tx, UUID requestId, Collection<Long> faceIds,
      MatchOutcome outcome, String reference, String note, String by, Instant at);

  /**
   * Attaches an erasure's receipt to a request.
   *
   * @param tx the transaction
   * @param requestId the request
   * @param receipt the receipt
   */
  void attachReceipt(Transaction tx, UUID requestId, RequestReceipt receipt);

  /**
   * Returns the receipts attached to a request, oldest first.
   *
   * @param requestId the request
   * @return the receipts
   */
  List<RequestReceipt> receipts(UUID requestId);

  /**
   * Opens the requester's photo, kept while the request is open.
   *
   * <p>Privacy: returns a face photo decrypted; use it and let it go.
   *
   * @param requestId the request
   * @return the photo's bytes, or empty once deleted (or if none was kept)
   */
  Optional<byte[]> openPhoto(UUID requestId);

  /**
   * Deletes the requester's photo: clears the sealed bytes and destroys the request's data key
   * (on SQLite the WAL is checkpointed after the commit).
   *
   * @param tx the transaction
   * @param requestId the request
   * @return whether a photo was deleted
   */
  boolean deletePhoto(Transaction tx, UUID requestId);

  /**
   * Records a request's answer.
   *
   * @param tx the transaction
   * @param requestId the request
   * @param by who answered
   * @param at when
   * @param outcome what the answer said
   */
  void answer(Transaction tx, UUID requestId, String by, Instant at, String outcome);

  /**
   * Links a request to the do-not-enrol entry it added or removed.
   *
   * @param tx the transaction
   * @param requestId the request
   * @param entryId the entry
   */
  void linkOptOut(Transaction tx, UUID requestId, UUID entryId);

  /**
   * Adds a person to the do-not-enrol list, their template sealed under a new data key of the
   * entry.
   *
   * @param tx the transaction
   * @param entry the entry
   * @param template the person's L2-normalised template, of the entry's model
   * @return the stored entry
   */
  OptOutEntry addOptOut(Transaction tx, OptOutEntry entry, float[] template);

  /**
   * Finds a do-not-enrol entry (without its template).
   *
   * @param id the entry
   * @return the entry, or empty
   */
  Optional<OptOutEntry> findOptOut(UUID id);

  /**
   * Lists the do-not-enrol list (without templates), oldest first.
   *
   * @return the entries
   */
  List<OptOutEntry> listOptOuts();

  /**
   * Removes a person from the do-not-enrol list: deletes the entry and destroys its key (on
   * SQLite the WAL is checkpointed after the commit).
   *
   * @param tx the transaction
   * @param id the entry
   * @return whether there was such an entry
   */
  boolean removeOptOut(Transaction tx, UUID id);

  /**
   * Opens every do-not-enrol template of a model, for an ingest to check its faces against.
   *
   * <p>Privacy: returns templates decrypted; the caller keeps them only for the ingest and
   * overwrites them after.
   *
   * @param modelId the model of the faces to check
   * @return the templates, in no order
   */
  List<float[]> optOutTemplates(String modelId);
}
