/**
 * The gallery's store: repository interfaces for collections, subjects, media and faces, the
 * change log the vector index replays, erasure, transactions, configuration and the exceptions
 * the store throws.
 *
 * <p>The SQL store is the truth; the vector index is derived from it. Every change to the set of
 * faces (an addition or a deletion tombstone) gets a sequence number when it commits, and {@link
 * candor.core.store.GalleryStore#changesSince(long, int)} replays them in order.
 *
 * <p>Privacy: the store holds face templates encrypted under per-subject or per-image data keys
 * (see {@code candor.core.crypto}); erasure deletes the rows and destroys the key. The JDBC
 * implementation lives in {@code candor.core.store.jdbc}.
 */
package candor.core.store;
