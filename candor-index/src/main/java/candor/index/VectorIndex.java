package candor.index;

import java.util.Collection;
import java.util.List;

/**
 * A store of face templates that finds the nearest ones to a probe, filtered by collection and
 * always restricted to one embedding model.
 *
 * <p><b>Derived data.</b> In Candor the SQL store is the truth and the index is derived from it.
 * Every change in the store has a monotonically increasing sequence number; after applying
 * changes the caller calls {@link #commit(long) commit(lastSequence)}, which makes them durable
 * and records that number. After a crash, {@link #committedSequence()} says where to resume: the
 * caller replays every change with a higher sequence. Changes not committed are lost when the
 * process dies or the index is closed, which is safe because replay restores them; {@link #add
 * add} and {@link #delete delete} are idempotent for that reason.
 *
 * <p><b>Visibility.</b> A {@link #search search} sees every {@code add} and {@code delete} that
 * returned before it started, committed or not.
 *
 * <p><b>Privacy.</b> The vectors are biometric data. {@link #delete delete} hides a vector from
 * searches at once, but its bytes may stay in the index files until {@link #expungeDeletes()}
 * rewrites them; erasure must call it.
 *
 * <p><b>Scores.</b> Vectors are unit length, so the cosine similarity is their dot product; hits
 * carry the exact score computed from the full-precision vectors, even when the search itself
 * used a quantized approximation.
 *
 * <p><b>Thread-safety and lifecycle.</b> Implementations are safe for concurrent use by many
 * threads unless their javadoc says otherwise. The caller that opened an index owns it and must
 * {@link #close() close} it once no other call is in flight; close does <em>not</em> commit.
 * Any call after close throws {@link IllegalStateException}.
 */
public interface VectorIndex extends AutoCloseable {

  /**
   * Adds vectors, replacing any stored vector with the same id (an upsert).
   *
   * <p>If the list holds one id twice, the later entry wins. The whole list is checked before
   * anything is written; a storage failure part-way may leave part of it added, which a replay
   * repairs.
   *
   * @param vectors the vectors to store; may be empty
   * @throws DimensionMismatchException if a vector's length differs from {@link #dimension()};
   *     then nothing is added
   * @throws IndexStorageException if writing fails
   * @throws IllegalStateException if the index is closed
   */
  void add(List<IndexedVector> vectors);

  /**
   * Removes vectors by id; ids not present are ignored.
   *
   * <p>The vectors disappear from searches at once, but their bytes stay on disk until {@link
   * #expungeDeletes()}.
   *
   * @param ids the ids to remove; may be empty
   * @throws IndexStorageException if writing fails
   * @throws IllegalStateException if the index is closed
   */
  void delete(Collection<Long> ids);

  /**
   * Finds the stored vectors of the request's model and collections that are most similar to
   * the query.
   *
   * @param request the query, {@code k}, collection filter and model
   * @return at most {@code k} hits, best first (ties broken by ascending id); empty when nothing
   *     matches the filters
   * @throws DimensionMismatchException if the query's length differs from {@link #dimension()}
   * @throws IndexStorageException if reading fails
   * @throws IllegalStateException if the index is closed
   */
  List<SearchHit> search(SearchRequest request);

  /**
   * Durably commits every add and delete so far and records {@code lastSequence} as the
   * sequence number of the last change they include.
   *
   * <p>When this returns, a crash or {@link #close()} loses nothing committed and {@link
   * #committedSequence()} returns {@code lastSequence}, also after reopening.
   *
   * @param lastSequence the sequence number of the last change applied; not below {@link
   *     #committedSequence()}
   * @throws IllegalArgumentException if {@code lastSequence} is below the committed sequence
   * @throws IndexStorageException if writing fails; the previous commit is then still intact
   * @throws IllegalStateException if the index is closed
   */
  void commit(long lastSequence);

  /**
   * Returns the sequence number recorded by the last {@link #commit(long) commit}.
   *
   * @return the committed sequence, or -1 for an index that was never committed
   * @throws IllegalStateException if the index is closed
   */
  long committedSequence();

  /**
   * Physically removes deleted vectors from the index files and commits.
   *
   * <p>Files that held deleted vectors are rewritten without them and removed from the folder.
   * Pending adds and deletes are committed too, under the current {@link #committedSequence()}
   * (replaying them later is harmless). This can rewrite large files and take a while; erasure
   * calls it once per batch. The file system may keep freed blocks until they are reused, which
   * is why Candor also encrypts stored data at rest.
   *
   * @throws IndexStorageException if rewriting or committing fails
   * @throws IllegalStateException if the index is closed
   */
  void expungeDeletes();

  /**
   * Returns whether other processes may change this index while this instance has it open: one
   * collection of a search cluster behind several application nodes. Such an index has one
   * writer at a time (see {@link #writable()}); the others search it, and the writer follows the
   * store's change log rather than only the changes of its own process. An embedded index is
   * locked to one process and is not shared.
   *
   * @return false unless the implementation says otherwise
   */
  default boolean shared() {
    return false;
  }

  /**
   * Returns whether this instance may change the index ({@link #add add}, {@link #delete
   * delete}, {@link #commit commit}). A {@link #shared() shared} index has one writer; the other
   * instances only search and read the {@link #committedSequence()} the writer recorded, which
   * moves as the writer commits.
   *
   * @return true for the writer (always, for an index that is not shared)
   * @throws IllegalStateException if the index is closed
   */
  default boolean writable() {
    return true;
  }

  /**
   * Makes this instance the writer of a {@link #shared() shared} index if no other instance is
   * (the writer closed, or its process died and its lease ran out).
   *
   * @return whether this instance is the writer now
   * @throws IndexStorageException if the cluster cannot be reached
   * @throws IllegalStateException if the index is closed
   */
  default boolean tryBecomeWriter() {
    return writable();
  }

  /**
   * Returns the current size of the index.
   *
   * @return counts and bytes on disk, consistent with what a search would see now
   * @throws IndexStorageException if the folder cannot be listed
   * @throws IllegalStateException if the index is closed
   */
  IndexStats stats();

  /**
   * Returns the number of dimensions every vector and query must have.
   *
   * @return the configured dimension
   */
  int dimension();

  /**
   * Releases files, memory maps and threads, discarding changes that were not committed.
   *
   * <p>Closing twice has no further effect.
   *
   * @throws IndexStorageException if releasing a file fails
   */
  @Override
  void close();
}
