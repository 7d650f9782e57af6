package candor.core.audit;

import candor.core.store.Transaction;
import java.util.List;

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
   * Returns the sequence number of the last entry.
   *
   * @return the chain head's sequence number, 0 for an empty log
   */
  long headSequence();

  /**
   * Recomputes the whole chain and compares it with the stored hashes and the chain head.
   *
   * @return the outcome, naming the first broken entry if any
   */
  ChainVerification verify();
}
