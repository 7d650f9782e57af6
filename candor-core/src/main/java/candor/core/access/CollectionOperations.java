package candor.core.access;

import static candor.core.access.Wiring.scope;

import candor.core.gallery.CollectionService;
import candor.core.model.CollectionInfo;
import candor.core.policy.Action;
import candor.core.policy.PolicyDecision;
import candor.core.policy.Principal;
import candor.core.store.CollectionNotFoundException;
import candor.index.IndexStats;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collections as a resource, and the upkeep of the gallery's derived vector index: creating and
 * listing collections, merging index segments. Every change is audited with its policy decision.
 *
 * <p>Thread-safe.
 */
public final class CollectionOperations {

  private final Wiring w;
  private final CollectionService collections;

  CollectionOperations(Wiring w, CollectionService collections) {
    this.w = Objects.requireNonNull(w, "w");
    this.collections = Objects.requireNonNull(collections, "collections");
  }

  /**
   * Creates a collection.
   *
   * @param p who asks (an admin)
   * @param collection what it states
   * @return the stored collection
   */
  public CollectionInfo createCollection(Principal p, CollectionService.NewCollection collection) {
    Objects.requireNonNull(collection, "collection");
    PolicyDecision decision = w.guard().require(p, Action.COLLECTION_CREATE);
    w.guard().record(decision, "collection:" + collection.name(), Map.of());
    return collections.create(p.actor(), collection);
  }

  /**
   * Lists the collections the principal is granted.
   *
   * @param p who asks
   * @return the granted collections, by name
   */
  public List<CollectionInfo> listCollections(Principal p) {
    w.guard().require(p, Action.COLLECTION_READ);
    return collections.list().stream().filter(c -> p.grant().covers(c.name())).toList();
  }

  /**
   * Looks up a collection. A collection the principal is not granted answers as one that does
   * not exist (the denial is audited), so that names cannot be probed.
   *
   * @param p who asks
   * @param name the collection
   * @return the collection
   * @throws CollectionNotFoundException if there is none by that name, or it is not granted
   */
  public CollectionInfo collection(Principal p, String name) {
    w.guard().requireOrHide(p, Action.COLLECTION_READ, scope(name), "collection:" + name,
        () -> new CollectionNotFoundException(name));
    return collections.find(name).orElseThrow(() -> new CollectionNotFoundException(name));
  }

  /**
   * Merges the vector index's segments (faster searches after a bulk ingest); audited.
   *
   * @param p who asks (an admin)
   * @param maxSegments the most segments to leave
   * @return the segments left, or -1 if the index has none to merge
   */
  public int optimizeIndex(Principal p, int maxSegments) {
    w.guard().requireAndRecord(p, Action.INDEX_MANAGE, scope(), "index",
        Map.of("operation", "optimize", "max_segments", maxSegments));
    return w.gallery().optimizeIndex(maxSegments);
  }

  /**
   * Returns the vector index's size figures.
   *
   * @param p who asks (an admin)
   * @return the index's statistics
   */
  public IndexStats indexStats(Principal p) {
    w.guard().require(p, Action.INDEX_MANAGE);
    return w.gallery().indexStats();
  }
}
