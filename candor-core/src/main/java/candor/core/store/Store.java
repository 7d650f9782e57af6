package candor.core.store;

import candor.core.audit.AuditLog;
import candor.core.rights.RightsStore;

/**
 * The open database: the gallery, the audit log, transactions spanning both, and master key
 * rotation. Obtain one from {@code candor.core.store.jdbc.JdbcStore.open(StoreConfig)}.
 *
 * <p>Thread-safe. The caller that opened it closes it, after which every method throws.
 */
public interface Store extends AutoCloseable {

  /**
   * Returns the gallery: collections, subjects, media, faces, change log and erasure.
   *
   * @return the gallery store, valid until this store closes
   */
  GalleryStore gallery();

  /**
   * Returns the gallery's model packs: which pack made each template model id, the current pack,
   * and migrations between packs.
   *
   * @return the pack records, open until the store closes
   */
  PackStore packs();

  /**
   * Returns the hash-chained audit log kept in the same database.
   *
   * @return the audit log, valid until this store closes
   */
  AuditLog audit();

  /**
   * Returns the review material of searches: candidates' scores, the sealed probe faces, and
   * what waits for each reviewer.
   *
   * @return the review store, valid until this store closes
   */
  ReviewStore reviews();

  /**
   * Runs {@code work} in one transaction: commits if it returns, rolls back if it throws, then
   * runs the actions registered with {@link Transaction#afterCommit}.
   *
   * <p>Transactions do not nest: inside {@code work}, pass {@code tx} to the methods that take a
   * {@link Transaction} rather than calling their transaction-less forms, which would wait on
   * the transaction that is already open (SQLite allows one writer). When a transaction writes
   * both gallery rows and audit entries, append the audit entries last, so that every writer
   * takes the store's locks in the same order.
   *
   * @param work the work
   * @param <T> the result type
   * @param <X> the checked exception {@code work} may throw
   * @return what {@code work} returned
   * @throws X what {@code work} threw, after rolling back
   * @throws IllegalStateException if this thread already runs a transaction of this store
   * @throws StoreException if the database fails to begin or commit
   */
  <T, X extends Exception> T inTransaction(TransactionCallback<T, X> work) throws X;

  /**
   * Returns the register of people's requests and the do-not-enrol list.
   *
   * @return the rights store, valid until this store closes
   */
  RightsStore rights();

  /**
   * Rotates the master key: adds a new key to the key file, re-wraps every data key with it,
   * then removes the old keys from the file.
   *
   * <p>Privacy: after this, copies of wrapped data keys that outlive their deletion (PostgreSQL
   * dead tuples and WAL, SQLite free pages, backups) can no longer be unwrapped, so erasures
   * before the rotation become final there too. Backups taken before the rotation become
   * unreadable; take a new one. Run it while no other process uses the same database.
   *
   * @return how many data keys were re-wrapped
   * @throws StoreException if the database or the key file fails; the key file then still
   *     holds the old key, so nothing is lost, and the rotation can be run again
   */
  int rotateMasterKey();

  /**
   * Closes the connection pool. Idempotent.
   */
  @Override
  void close();
}
