package candor.core.store;

/**
 * Work to run inside a transaction (see {@link Store#inTransaction}).
 *
 * @param <T> the result type
 * @param <X> the checked exception the work may throw, passed through unchanged
 */
@FunctionalInterface
public interface TransactionCallback<T, X extends Exception> {

  /**
   * Runs the work. Throwing anything rolls the transaction back; returning commits it.
   *
   * @param tx the open transaction; do not keep it after returning
   * @return the result
   * @throws X the work's own failure
   */
  T run(Transaction tx) throws X;
}
