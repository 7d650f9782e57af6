package candor.core.store;

/**
 * An open database transaction, handed to a {@link TransactionCallback}; pass it to the store
 * and audit methods that take one so that their changes commit or roll back together (for
 * example an erasure and its audit entry).
 *
 * <p>Valid only inside the callback and on the thread that runs it; using it afterwards throws
 * {@link IllegalStateException}. The store opens, commits, rolls back and closes it; callers
 * never do.
 */
public interface Transaction {

  /**
   * Registers an action to run after this transaction commits, on the committing thread (for
   * example deleting crop files of erased faces). Actions run in registration order and never
   * run if the transaction rolls back.
   *
   * <p>The transaction stays committed if an action throws; the first exception is rethrown
   * from {@link Store#inTransaction} after all actions have run, later ones added as suppressed.
   *
   * @param action the action
   * @throws IllegalStateException if the transaction is no longer open
   */
  void afterCommit(Runnable action);
}
