package candor.core.audit;

import candor.core.store.Transaction;
import java.util.List;
import java.util.Optional;

/**
 * The append-only, hash-chained audit log: every append extends the chain, and {@link #verify()}
 * recomputes it to find an edited, deleted or reordered entry.
 *
 * <p>Appends are serialised on the chain head, so concurrent writers (threads or processes)
 * always build one valid chain. An append can join the caller's transaction so that the action
 * and its record commit together or not at all; append last in that transaction.
 *
 * <p>Privacy: the log records that face data was handled, never the data itself (see {@link
 * AuditEvent}).
 *
 * <p>Thread-safe.
 */
public interface AuditLog {

  /**
   * Appends an entry within the caller's transaction.
   *
   * @param tx the transaction to join; the entry exists only if it commits
   * @param event what to record
   * @return the entry with its sequence number and hash
   * @throws candor.core.store.StoreException if the database fails
   */
  AuditEntry append(Transaction tx, AuditEvent event);

  /**
   * Appends an entry in a transaction of its own.
   *
   * @param event what to record
   * @return the committed entry
   * @throws candor.core.store.StoreException if the database fails
   */
  AuditEntry append(AuditEvent event);

  /**
   * Reads entries in sequence order.
   *
   * @param afterSequence return entries after this one; 0 for the first
   * @param limit the most to return, 1 to 10,000
   * @return the entries, ascending
   */
  List<AuditEntry> entries(long afterSequence, int limit);

  /**
   * Reads the entries whose details hold a text field with this exact value at their top level,
   * in sequence order: for example every entry of a case ({@code "case"}).
   *
   * <p>Cost: no index covers the details, so the store reads every entry's details (with a
   * textual pre-filter); linear in the size of the log.
   *
   * @param key the field, such as {@code "case"}
   * @param value its value, compared exactly
   * @param limit the most to return, 1 to 10,000
   * @return the entries, ascending
   * @throws IllegalArgumentException if the limit is out of range
   */
  List<AuditEntry> withDetail(String key, String value, int limit);

  /**
   * Reads the entries about an object or one of its parts, in sequence order: those whose object
   * is {@code object} or starts with {@code object + "/"} ({@code search:S} finds {@code
   * search:S/probe} and {@code search:S/face:F}, not {@code search:S2}).
   *
   * @param object the object, such as {@code "search:<id>"}
   * @param limit the most to return, 1 to 10,000
   * @return the entries, ascending
   * @throws IllegalArgumentException if the limit is out of range
   */
  List<AuditEntry> about(String object, int limit);

  /**
   * Returns the sequence number of the last entry.
   *
   * @return the chain head's sequence number, 0 for an empty log
   */
  long headSequence();

  /**
   * Returns the last entry of an action, such as the latest {@code audit.checkpoint}.
   *
   * @param action the action, such as {@code "audit.checkpoint"}
   * @return the entry with the highest sequence number among that action's, or empty if none
   */
  Optional<AuditEntry> last(String action);

  /**
   * Reads the chain head and then every stored entry in ascending sequence order, all from one
   * snapshot of the database (entries appended meanwhile are not seen), passing them to {@code
   * reader} until it returns {@code false}. Used to recompute the chain ({@link #verify()}) and
   * to check it against receipts ({@link ReceiptVerifier}).
   *
   * @param reader gets the head, then the entries
   * @throws candor.core.store.StoreException if the database fails or the head row is missing
   */
  void scan(ChainReader reader);

  /**
   * Recomputes the whole chain and compares it with the stored hashes and the chain head.
   *
   * @return the outcome, naming the first broken entry if any
   */
  default ChainVerification verify() {
    return AuditChain.verify(this);
  }

  /** What {@link #scan} feeds: the chain head once, then the stored entries in order. */
  interface ChainReader {

    /**
     * Receives the chain head, before any entry.
     *
     * @param sequence the sequence number the head records as the last entry (0 when empty)
     * @param hash the hash it records for it ({@link AuditChain#GENESIS} when empty)
     */
    void head(long sequence, String hash);

    /**
     * Receives the next stored entry.
     *
     * @param entry the entry as stored
     * @return {@code true} to go on reading, {@code false} to stop
     */
    boolean entry(AuditEntry entry);
  }
}
