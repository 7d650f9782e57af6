package candor.core.gallery;

import candor.core.audit.AuditEvent;
import candor.core.model.Face;
import candor.core.store.ErasureReceipt;
import candor.core.store.FaceChange;
import candor.core.store.IngestBatch;
import candor.core.store.IngestReceipt;
import candor.core.store.Store;
import candor.core.store.TransactionCallback;
import candor.core.store.jdbc.JdbcStore;
import candor.index.IndexStats;
import candor.index.IndexStorageException;
import candor.index.IndexedVector;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import candor.index.VectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open gallery: the SQL store (the truth) and the vector index derived from it, kept in step.
 *
 * <p><b>Derived index.</b> Opening replays the store's change log into the index from the
 * sequence the index last committed ({@link VectorIndex#committedSequence()}): additions and
 * deletions, in pages, then commits. Afterwards every write goes store first, index second, under
 * one lock, so the index applies changes in sequence order and a commit of sequence {@code n}
 * always covers every change up to {@code n}. A crash (even {@code kill -9}) between the two
 * steps loses nothing: the next open replays what the index missed. An index that claims more
 * than the store holds (a store restored from an older backup) or whose size disagrees with the
 * store after replay is rebuilt from the store.
 *
 * <p><b>One writer.</b> An embedded index is locked to the process that opens it (its folder
 * lock), so one process at a time opens such a gallery. A {@linkplain VectorIndex#shared()
 * shared} index (a Solr collection) is opened by every application node on the same store; one
 * of them is the index's writer, the others search it and only write to the store. The writer
 * follows the store's change log every {@link #FOLLOW_INTERVAL_MILLIS} ms, so the changes any
 * node commits reach the index (and every node's searches) within about that time plus a
 * commit; when the writer stops, another node takes over at its next poll and continues from
 * the sequence the index committed. Within the process this object is thread-safe.
 *
 * <p><b>Privacy.</b> Holds face templates in the index and, in transit, in memory. Face crops and
 * originals live in the data directory sealed under their face's data key; erasure removes them
 * (see {@link ErasureService}).
 *
 * <p>The caller that opens a gallery closes it; closing commits the index, then closes index and
 * store.
 */
public final class Gallery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gallery.class);

  /** Changes read from the store per replay page. */
  static final int REPLAY_PAGE = 10_000;

  /** A long replay commits the index every this many changes, so a crash does not redo it all. */
  static final int REPLAY_COMMIT_EVERY = 100_000;

  /** How often a node on a shared index polls the store's change log or the writer lock. */
  public static final long FOLLOW_INTERVAL_MILLIS = 1_000;

  /**
   * How long an erasure on a node that is not the index's writer waits for the writer to remove
   * the faces from the index before reporting that the purge is still pending.
   */
  static final long ERASE_WAIT_MILLIS = 30_000;

  private final GalleryConfig config;
  private final Store store;
  private final VectorIndex index;
  private final Replay replay;
  // Serialises store writes that change faces with their index updates, so that the index sees
  // changes in sequence order; guards the fields below.
  private final ReentrantLock writeLock = new ReentrantLock();
  // The highest sequence whose change (and every earlier one) the index has applied.
  private long appliedSequence;
  // False once an index update failed after its store commit: the index must not commit past
  // appliedSequence until a catch-up from the store's change log has applied the missed change
  // (the next write, the next poll of a shared index, or the next open does it).
  private boolean indexInStep = true;
  private boolean closed;
  // Polls the store's change log (or the writer lock) for a shared index; null otherwise.
  private final ScheduledExecutorService follower;

  private Gallery(GalleryConfig config, Store store, VectorIndex index, Replay replay) {
    this.config = config;
    this.store = store;
    this.index = index;
    this.replay = replay;
    this.appliedSequence = replay.toSequence();
    if (index.shared()) {
      this.follower = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "candor-index-follower");
        thread.setDaemon(true);
        return thread;
      });
      follower.scheduleWithFixedDelay(this::follow, FOLLOW_INTERVAL_MILLIS,
          FOLLOW_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      this.follower = null;
    }
  }

  /**
   * Opens the gallery: the store (migrating it), the index (creating it), replays what the index
   * missed, and finishes erasures a crash interrupted.
   *
   * @param config where the data lives
   * @return the open gallery; the caller closes it
   * @throws candor.core.store.StoreException if the store cannot be opened
   * @throws candor.index.IndexException if the index cannot be opened or updated, for example
   *     because another process holds its folder
   * @throws UncheckedIOException if the data directory cannot be created
   */
  public static Gallery open(GalleryConfig config) {
    Objects.requireNonNull(config, "config");
    createDirectory(config.dataDir());
    Store store = JdbcStore.open(config.store());
    VectorIndex index = null;
    try {
      index = config.indexKind().open(config);
      if (index.writable() == false) {
        // Another node writes the shared index and replays for everyone.
        long committed = index.committedSequence();
        PendingErasures.recover(config.dataDir(), store.gallery());
        return new Gallery(config, store, index,
            new Replay(committed, committed, 0, 0, false, null));
      }
      Replay replay = catchUp(store, index, REPLAY_COMMIT_EVERY, ReplayListener.NONE);
      if (replay.consistent() == false) {
        LOG.warn("The index in {} disagrees with the store ({}); rebuilding it from the store",
            config.indexLocation(), replay.reason());
        // If reset fails, closing the old index again below is harmless (close is idempotent).
        index = config.indexKind().reset(index, config);
        Replay again = catchUp(store, index, REPLAY_COMMIT_EVERY, ReplayListener.NONE);
        if (again.reason() != null) {
          LOG.warn("After rebuilding the index in {}: {}", config.indexLocation(), again.reason());
        }
        replay = again.rebuilt(replay.reason());
      }
      if (replay.added() + replay.deleted() > 0) {
        LOG.info("Replayed {} additions and {} deletions into the index (sequence {} to {})",
            replay.added(), replay.deleted(), replay.fromSequence(), replay.toSequence());
      }
      // The index has caught up with the store: an interrupted rebuild is complete now.
      Files.deleteIfExists(config.rebuildMarker());
      PendingErasures.recover(config.dataDir(), store.gallery());
      return new Gallery(config, store, index, replay);
    } catch (IOException e) {
      closeAfterFailure(e, index, store);
      throw new UncheckedIOException("cannot delete " + config.rebuildMarker(), e);
    } catch (RuntimeException e) {
      closeAfterFailure(e, index, store);
      throw e;
    }
  }

  /**
   * Empties the configured index and replays the whole change log of the store into it, for
   * {@code candor index rebuild}: after a lost or damaged index, or to fill a new backend (such
   * as a Solr collection) from an existing store.
   *
   * <p><b>Resumable.</b> The rebuild writes {@link GalleryConfig#rebuildMarker()} once the index
   * is empty and commits the index every {@code commitEvery} changes. A rebuild that finds the
   * marker (the previous one was interrupted) does not empty the index again but continues after
   * the index's committed sequence; the marker goes once the index has caught up (opening the
   * gallery also finishes the job, and removes it).
   *
   * <p>Needs the index to itself: it takes the index's writer lock (the folder lock, or the
   * ZooKeeper lock of a Solr collection), so it fails while {@code candor serve} holds it.
   *
   * @param config the gallery whose index to rebuild
   * @param commitEvery how many changes between index commits, at least 1
   * @param listener told of progress after every page of changes
   * @return what was replayed; {@link Replay#rebuilt()} is false when an interrupted rebuild
   *     was resumed, {@link Replay#reason()} is non-null if the counts still disagree
   * @throws IllegalArgumentException if {@code commitEvery} is below 1
   * @throws candor.core.store.StoreException if the store cannot be opened
   * @throws candor.index.IndexException if the index cannot be opened or written
   */
  public static Replay rebuildIndex(GalleryConfig config, int commitEvery,
      ReplayListener listener) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(listener, "listener");
    if (commitEvery < 1) {
      throw new IllegalArgumentException("commitEvery must be at least 1, got " + commitEvery);
    }
    createDirectory(config.dataDir());
    Path marker = config.rebuildMarker();
    Store store = JdbcStore.open(config.store());
    VectorIndex index = null;
    try {
      index = config.indexKind().open(config);
      boolean resumed = Files.exists(marker);
      if (resumed == false) {
        // If reset fails, closing the old index again below is harmless (close is idempotent).
        index = config.indexKind().reset(index, config);
        Files.writeString(marker, "a rebuild of " + config.indexLocation()
            + " is under way; `candor index rebuild` continues it\n");
      }
      Replay replay = catchUp(store, index, commitEvery, listener);
      if (replay.reason() == null) {
        Files.deleteIfExists(marker);
      }
      index.close();
      store.close();
      return resumed ? replay : replay.rebuilt(replay.reason());
    } catch (IOException e) {
      closeAfterFailure(e, index, store);
      throw new UncheckedIOException("cannot write " + marker, e);
    } catch (RuntimeException e) {
      closeAfterFailure(e, index, store);
      throw e;
    }
  }

  /** Told how far a replay has got, in sequence numbers of the store's change log. */
  @FunctionalInterface
  public interface ReplayListener {
    /** Ignores progress. */
    ReplayListener NONE = (from, done, last) -> {};

    /**
     * Called after each page of changes has been applied (and after the final commit).
     *
     * @param fromSequence the sequence the replay started after
     * @param doneSequence the last sequence applied
     * @param lastSequence the store's highest sequence when the replay started
     */
    void replayed(long fromSequence, long doneSequence, long lastSequence);
  }

  private static void closeAfterFailure(Exception e, VectorIndex index, Store store) {
    if (index != null) {
      try {
        index.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
    }
    try {
      store.close();
    } catch (RuntimeException suppressed) {
      e.addSuppressed(suppressed);
    }
  }

  /**
   * What opening the gallery replayed into the index.
   *
   * @param fromSequence the index's committed sequence before the replay (0 for a new index)
   * @param toSequence the last sequence applied and committed
   * @param added additions replayed
   * @param deleted deletions replayed
   * @param rebuilt whether the index was deleted and rebuilt from the store
   * @param reason why the index was (or must be) rebuilt, or {@code null}
   */
  public record Replay(
      long fromSequence, long toSequence, long added, long deleted, boolean rebuilt,
      String reason) {

    boolean consistent() {
      return reason == null || rebuilt;
    }

    Replay rebuilt(String why) {
      return new Replay(fromSequence, toSequence, added, deleted, true, why);
    }
  }

  /**
   * Replays the store's changes after the index's committed sequence and commits; reports an
   * inconsistency instead of replaying when the index is ahead of the store, or afterwards when
   * the counts differ.
   */
  private static Replay catchUp(Store store, VectorIndex index, int commitEvery,
      ReplayListener listener) {
    long committed = Math.max(0, index.committedSequence());
    long storeMax = store.gallery().maxSequence();
    if (committed > storeMax) {
      return new Replay(committed, committed, 0, 0, false,
          "the index has committed sequence " + committed + ", the store only " + storeMax);
    }
    Replay applied = apply(store, index, committed, storeMax, commitEvery, listener);
    if (applied.toSequence() != index.committedSequence()) {
      index.commit(applied.toSequence());
    }
    listener.replayed(committed, applied.toSequence(), storeMax);
    if (applied.deleted() > 0) {
      // A crash may have come between an erasure's store commit and its index expunge.
      index.expungeDeletes();
    }
    long indexed = index.stats().count();
    long stored = store.gallery().faceCount();
    String reason = indexed == stored ? null
        : "the index holds " + indexed + " faces, the store " + stored;
    return new Replay(committed, applied.toSequence(), applied.added(), applied.deleted(), false,
        reason);
  }

  /**
   * Applies the store's changes after sequence {@code after} to the index, in sequence order and
   * in pages, committing every {@code commitEvery} changes; the last ones stay uncommitted.
   * {@code storeMax} is only passed on to the listener.
   */
  private static Replay apply(Store store, VectorIndex index, long after, long storeMax,
      int commitEvery, ReplayListener listener) {
    long from = after;
    long added = 0;
    long deleted = 0;
    long sinceCommit = 0;
    List<FaceChange> page;
    while ((page = store.gallery().changesSince(after, REPLAY_PAGE)).isEmpty() == false) {
      List<IndexedVector> adds = new ArrayList<>();
      List<Long> deletes = new ArrayList<>();
      for (FaceChange change : page) {
        switch (change) {
          case FaceChange.Added a -> {
            if (deletes.isEmpty() == false) {
              index.delete(deletes);
              deletes = new ArrayList<>();
            }
            adds.add(vectorOf(a.face()));
            added++;
          }
          case FaceChange.Deleted d -> {
            if (adds.isEmpty() == false) {
              index.add(adds);
              adds = new ArrayList<>();
            }
            deletes.add(d.faceId());
            deleted++;
          }
        }
      }
      index.add(adds);
      index.delete(deletes);
      after = page.getLast().sequence();
      sinceCommit += page.size();
      if (sinceCommit >= commitEvery) {
        index.commit(after);
        sinceCommit = 0;
      }
      listener.replayed(from, after, storeMax);
    }
    return new Replay(from, after, added, deleted, false, null);
  }

  /** The index entry of a stored face: its id, template, collection and model. */
  static IndexedVector vectorOf(Face face) {
    return new IndexedVector(face.id(), face.template(), face.collection(), face.modelId());
  }

  // ---- accessors ----------------------------------------------------------------------------

  /**
   * Returns the SQL store: collections, subjects, media, faces and the audit log.
   *
   * <p>Write faces through the gallery's services, not directly, or the index misses them until
   * the next open.
   *
   * @return the store, open until this gallery closes
   */
  public Store store() {
    return store;
  }

  /**
   * Returns the configuration the gallery was opened with.
   *
   * @return the configuration
   */
  public GalleryConfig config() {
    return config;
  }

  /**
   * Returns the data directory.
   *
   * @return the directory holding the index, crops and (for SQLite) the database
   */
  public Path dataDir() {
    return config.dataDir();
  }

  /**
   * Returns what opening replayed into the index.
   *
   * @return the replay report
   */
  public Replay replay() {
    return replay;
  }

  /**
   * Returns the index's size.
   *
   * @return counts and bytes on disk
   */
  public IndexStats indexStats() {
    return index.stats();
  }

  /**
   * Returns the sequence number the index has durably committed.
   *
   * @return the committed sequence, or -1 for an index never committed
   */
  public long indexCommittedSequence() {
    return index.committedSequence();
  }

  /**
   * Returns whether this process writes the index: always for an embedded index; for a shared
   * one, whether this node is its writer now (another node's writer may stop and this one take
   * over at its next poll).
   *
   * @return whether this process applies changes to the index
   */
  public boolean indexWriter() {
    return index.writable();
  }

  /**
   * Resolves a path stored in the gallery (a crop or an original) against the data directory.
   *
   * @param relative a path relative to the data directory, as stored
   * @return the absolute file
   * @throws IllegalArgumentException if the path leaves the data directory
   */
  public Path resolve(String relative) {
    Path base = config.dataDir().toAbsolutePath().normalize();
    Path file = base.resolve(relative).normalize();
    if (file.startsWith(base) == false) {
      throw new IllegalArgumentException("path '" + relative + "' leaves the data directory");
    }
    return file;
  }

  /**
   * Reads and opens a face's sealed crop, for human review.
   *
   * <p>Privacy: returns the face image decrypted; show it to the reviewer, do not keep it.
   *
   * @param face the stored face
   * @return the crop's JPEG bytes, or empty if the face has no crop or its file is missing
   * @throws candor.core.crypto.DecryptionFailedException if the file was altered
   * @throws UncheckedIOException if the file cannot be read
   */
  public Optional<byte[]> openCrop(Face face) {
    if (face.cropPath() == null) {
      return Optional.empty();
    }
    try {
      byte[] sealed = Files.readAllBytes(resolve(face.cropPath()));
      return Optional.of(store.gallery().openCrop(face, sealed));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read crop " + face.cropPath(), e);
    }
  }

  // ---- writes, in step with the index ---------------------------------------------------------

  /**
   * Stores one image in one transaction with its audit entry, then adds its faces to the index.
   *
   * @param batch what the image adds
   * @param audit the audit entry to append last in the transaction, given what was stored
   * @return what was stored
   */
  IngestReceipt ingest(IngestBatch batch, Function<IngestReceipt, AuditEvent> audit) {
    return ingest(List.of(batch), audit).getFirst();
  }

  /**
   * Stores several images in one transaction, each with its own audit entry, then adds all their
   * faces to the index in one call: a bulk ingest's group commit, one commit (one sync of the
   * database's log) for the group. If any image fails, nothing of the group is stored.
   *
   * @param batches what each image adds, in order
   * @param audit the audit entry to append after each image's rows, given what was stored
   * @return what was stored, in the order of {@code batches}
   */
  List<IngestReceipt> ingest(List<IngestBatch> batches,
      Function<IngestReceipt, AuditEvent> audit) {
    writeLock.lock();
    try {
      checkOpen();
      List<IngestReceipt> receipts = store.inTransaction(tx -> {
        List<IngestReceipt> stored = new ArrayList<>(batches.size());
        for (IngestBatch batch : batches) {
          IngestReceipt r = store.gallery().ingest(tx, batch);
          store.audit().append(tx, audit.apply(r));
          stored.add(r);
        }
        return stored;
      });
      // One transaction allocated the faces' sequence numbers in order, without gaps.
      List<Face> faces = receipts.stream().flatMap(r -> r.faces().stream()).toList();
      if (faces.isEmpty() == false && index.writable()) {
        applyLocked(faces.getFirst().sequence(), faces.getLast().sequence(),
            () -> index.add(faces.stream().map(Gallery::vectorOf).toList()));
      }
      // Otherwise another node writes the shared index and follows the store's change log.
      return receipts;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Stores new templates of stored faces (a pack migration's batch, with its audit entry) in one
   * transaction, then adds them to the index, as {@link #ingest} does.
   *
   * @param work the store writes, returning the faces stored by the id of the face each replaces
   * @return the faces stored
   */
  java.util.Map<Long, Face> addMigrated(
      TransactionCallback<java.util.Map<Long, Face>, RuntimeException> work) {
    writeLock.lock();
    try {
      checkOpen();
      java.util.Map<Long, Face> stored = store.inTransaction(work);
      if (stored.isEmpty() == false && index.writable()) {
        long first = stored.values().stream().mapToLong(Face::sequence).min().orElseThrow();
        long last = stored.values().stream().mapToLong(Face::sequence).max().orElseThrow();
        applyLocked(first, last, () -> index.add(stored.values().stream().map(Gallery::vectorOf).toList()));
      }
      return stored;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs an erasure transaction (store rows and audit entry), then removes its faces from the
   * index, commits, expunges their bytes from the index files, and runs {@code afterIndex} (file
   * deletion) while still holding the write lock, so no ingest can reuse a path meanwhile.
   *
   * @param work the erasure and its audit entry, in one transaction
   * @param afterIndex what to do once the index no longer holds the faces
   * @return the store's receipt
   */
  ErasureReceipt erase(TransactionCallback<ErasureReceipt, RuntimeException> work,
      Consumer<ErasureReceipt> afterIndex) {
    writeLock.lock();
    try {
      checkOpen();
      ErasureReceipt receipt = store.inTransaction(work);
      long first = receipt.tombstoneSequences().stream().mapToLong(Long::longValue).min()
          .orElse(0);
      long last = receipt.tombstoneSequences().stream().mapToLong(Long::longValue).max()
          .orElse(0);
      boolean purged = true;
      if (receipt.faces().isEmpty() == false) {
        if (index.writable()) {
          applyLocked(first, last, () -> index.delete(receipt.faceIds()));
          commitLocked();
          index.expungeDeletes();
        } else {
          purged = awaitWriter(last);
          if (purged) {
            index.expungeDeletes();
          }
        }
      }
      afterIndex.accept(receipt);
      if (purged == false) {
        throw new IndexStorageException("erase", config.indexLocation(), new IOException(
            "the erasure is committed in the store, but the index's writer node has not"
                + " removed the faces from the index within " + ERASE_WAIT_MILLIS / 1000
                + " s; it removes and expunges them when it next follows the store"));
      }
      return receipt;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Searches the index.
   *
   * @param request the query, filters and model
   * @return the hits, best first
   */
  List<SearchHit> search(SearchRequest request) {
    return index.search(request);
  }

  /**
   * Commits pending changes and merges the index's segments down to {@code maxSegments}, so that
   * each search walks fewer graphs: the maintenance step after a bulk ingest. Only the embedded
   * Lucene index has segments; other indexes are left as they are.
   *
   * @param maxSegments the most segments to leave, at least 1 (the number of cores is a good
   *     choice: a search walks the segments in parallel)
   * @return the number of segments after merging, or -1 for an index without segments
   * @throws IllegalArgumentException if {@code maxSegments} is below 1
   * @throws candor.index.IndexException if merging fails
   */
  public int optimizeIndex(int maxSegments) {
    if (maxSegments < 1) {
      throw new IllegalArgumentException("segments must be at least 1, got " + maxSegments);
    }
    writeLock.lock();
    try {
      checkOpen();
      commitLocked();
      if (index instanceof candor.index.lucene.LuceneVectorIndex lucene) {
        lucene.forceMerge(maxSegments);
        return lucene.segmentCount();
      }
      return -1;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Commits the index up to the last change it applied. Ingest calls it every so many files;
   * replay on open covers whatever a crash leaves uncommitted.
   *
   * @throws candor.index.IndexException if the commit fails
   */
  public void commitIndex() {
    writeLock.lock();
    try {
      checkOpen();
      commitLocked();
    } finally {
      writeLock.unlock();
    }
  }

  private void commitLocked() {
    if (index.writable() && appliedSequence > index.committedSequence()) {
      index.commit(appliedSequence);
    }
  }

  /**
   * Applies the index change of committed store changes {@code first..last}: directly when they
   * follow the last change applied, otherwise (changes committed by other nodes, or missed after
   * a failed update) by catching up from the store's change log, which includes them.
   */
  private void applyLocked(long first, long last, Runnable change) {
    if (first == appliedSequence + 1 && indexInStep) {
      updateIndex(change, last);
    } else {
      followLocked();
    }
  }

  /**
   * Applies every store change after {@link #appliedSequence} to the index. Does not commit.
   *
   * @return the number of deletions applied
   */
  private long followLocked() {
    Replay applied = apply(store, index, appliedSequence, -1, Integer.MAX_VALUE,
        ReplayListener.NONE);
    appliedSequence = applied.toSequence();
    indexInStep = true;
    return applied.deleted();
  }

  /**
   * One poll of a node on a shared index: the writer applies what other nodes committed to the
   * store, commits and expunges erased templates; another node checks whether the writer lock
   * has come free and takes over.
   */
  private void follow() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      if (index.writable() == false && takeOverIndex() == false) {
        return;
      }
      long deleted = followLocked();
      commitLocked();
      if (deleted > 0) {
        index.expungeDeletes();
      }
    } catch (RuntimeException e) {
      LOG.warn("Following the store's changes into the index {} failed; retrying: {}",
          config.indexLocation(), e.toString());
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Becomes the shared index's writer if its lock is free, resuming from the sequence the index
   * committed.
   *
   * @return whether this node is the writer now
   */
  private boolean takeOverIndex() {
    if (index.tryBecomeWriter() == false) {
      return false;
    }
    appliedSequence = Math.max(0, index.committedSequence());
    indexInStep = true;
    LOG.info("This node is now the writer of the index {} (committed sequence {})",
        config.indexLocation(), appliedSequence);
    return true;
  }

  /**
   * Waits until the shared index's writer has committed sequence {@code sequence}; takes the
   * writer's place, and applies the changes itself, if the writer lock comes free meanwhile.
   *
   * @return whether the index committed the sequence within {@link #ERASE_WAIT_MILLIS}
   */
  private boolean awaitWriter(long sequence) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ERASE_WAIT_MILLIS);
    while (index.committedSequence() < sequence) {
      if (takeOverIndex()) {
        followLocked();
        commitLocked();
        return true;
      }
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Applies an index change for a committed store change of sequence {@code sequence}. */
  private void updateIndex(Runnable change, long sequence) {
    try {
      change.run();
    } catch (RuntimeException e) {
      // The store has the change; the index does not. Never commit past it until a catch-up
      // from the store's change log has applied it.
      indexInStep = false;
      throw e;
    }
    if (indexInStep) {
      appliedSequence = Math.max(appliedSequence, sequence);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the gallery is closed");
    }
  }

  /**
   * Commits the index, then closes index and store. Idempotent.
   *
   * @throws candor.index.IndexException if the final commit or closing the index fails (the
   *     store is closed anyway; the next open replays)
   */
  @Override
  public void close() {
    if (follower != null) {
      follower.shutdownNow();
      try {
        follower.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        commitLocked();
      } finally {
        try {
          index.close();
        } finally {
          store.close();
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  // ---- files --------------------------------------------------------------------------------

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
  }

}
