package candor.index.solr;

import candor.index.IndexedVector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adds and deletes made since the last commit, held in this process until a commit ships
 * them to Solr.
 *
 * <p>Why not write them to Solr at once: SolrCloud cannot roll back, so changes sent to it would
 * survive a crash or {@code close} without a commit, where {@link candor.index.VectorIndex}
 * promises they are lost (the caller replays them from its sequence). Holding them here keeps
 * that promise and also makes them visible to searches at once without Solr soft commits. The
 * price is memory: about {@code 4 × dimension} bytes per pending template, so callers commit
 * every so many changes (Candor's gallery replay commits every 100,000).
 *
 * <p>Thread-safe: every method locks this object; {@link #snapshot()} hands out copies.
 */
final class PendingChanges {

  /** One pending change of an id: its new template, or {@code null} for a delete. */
  record Change(long id, IndexedVector vector) {

    boolean isDelete() {
      return vector == null;
    }
  }

  // Insertion-ordered, one entry per id: the latest change wins, as it would in Solr.
  private final Map<Long, Change> changes = new LinkedHashMap<>();

  synchronized void put(List<IndexedVector> vectors) {
    for (IndexedVector vector : vectors) {
      changes.put(vector.id(), new Change(vector.id(), vector));
    }
  }

  synchronized void delete(List<Long> ids) {
    for (long id : ids) {
      changes.put(id, new Change(id, null));
    }
  }

  /** Returns a copy of the pending changes, in the order their ids were first changed. */
  synchronized List<Change> snapshot() {
    return new ArrayList<>(changes.values());
  }

  synchronized boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * Forgets the changes a commit has made durable, keeping any that were replaced while the
   * commit ran (those are newer than what it shipped).
   */
  synchronized void removeShipped(List<Change> shipped) {
    for (Change change : shipped) {
      changes.remove(change.id(), change);
    }
  }

  /** Forgets every change, as closing without a commit does. */
  synchronized void clear() {
    changes.clear();
  }
}
