package candor.index.exact;

import candor.index.DimensionMismatchException;
import candor.index.IndexConfig;
import candor.index.IndexStats;
import candor.index.IndexStorageException;
import candor.index.IndexedVector;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import candor.index.VectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link VectorIndex} that compares the query with every stored vector: exact, the ground
 * truth for measuring approximate indexes, and fast enough for galleries of up to about a
 * hundred thousand faces (a 512-d dot product costs about 0.1–0.3 µs with SIMD).
 *
 * <p><b>Memory.</b> Every vector lives on the Java heap as a {@code float[]}: about 2.1 KB per
 * 512-d face plus some 80 bytes of bookkeeping. Size the heap for it.
 *
 * <p><b>Storage.</b> The committed state is one checksummed file in the index folder ({@code
 * exact-vectors.cvx}). {@link #commit(long)} writes the whole table to a temporary file, syncs it
 * and renames it over the old one, so a crash at any instant leaves the previous or the new
 * commit. Because every commit rewrites the file, a deleted vector leaves the folder at the next
 * commit; {@link #expungeDeletes()} is a commit under the current sequence. A {@code write.lock}
 * file, locked while the index is open, stops a second process or instance from opening the
 * folder.
 *
 * <p><b>Thread-safety.</b> Safe for concurrent use: searches run in parallel under a read lock;
 * adds and deletes take the write lock; a commit holds the read lock while it writes, so
 * searches go on and writers wait. {@link #close()} must not race with other calls.
 *
 * <p><b>Privacy.</b> Holds face templates in memory and on disk. Deleted and replaced vectors
 * are zeroed in memory at once and leave the file at the next commit; {@link #close()} zeroes
 * all of them.
 */
public final class ExactIndex implements VectorIndex {

  private static final String LOCK_NAME = "write.lock";

  private final Path folder;
  private final int dimension;
  private final FileChannel lockChannel;
  private final FileLock folderLock;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  // Serialises commits: two must not write the same temporary file at once.
  private final Object commitLock = new Object();
  private final VectorTable table;
  // Written under commitLock, read without it; volatile for visibility.
  private volatile long committedSequence;
  private volatile boolean closed;

  private ExactIndex(Path folder, int dimension, FileChannel lockChannel, FileLock folderLock,
      VectorTable table, long committedSequence) {
    this.folder = folder;
    this.dimension = dimension;
    this.lockChannel = lockChannel;
    this.folderLock = folderLock;
    this.table = table;
    this.committedSequence = committedSequence;
  }

  /**
   * Opens the exact index in {@code folder}, creating the folder and an empty index if needed and
   * loading the last commit into memory.
   *
   * <p>Only {@link IndexConfig#dimension()} is used. The caller owns the returned index and must
   * close it.
   *
   * @param folder the index folder
   * @param config the settings
   * @return the open index
   * @throws DimensionMismatchException if the folder was written with another dimension
   * @throws candor.index.IndexCorruptException if the committed file fails its checks
   * @throws IndexStorageException if the folder cannot be read or is open elsewhere
   */
  public static ExactIndex open(Path folder, IndexConfig config) {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(config, "config");
    FileChannel lockChannel = null;
    try {
      Files.createDirectories(folder);
      lockChannel = FileChannel.open(folder.resolve(LOCK_NAME), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock folderLock = tryLock(lockChannel);
      if (folderLock == null) {
        throw new IOException(LOCK_NAME + " is held by another process or open index");
      }
      ExactIndexFile.deleteInterruptedCommit(folder);
      ExactIndexFile.Contents contents = ExactIndexFile.read(folder, config.dimension());
      return new ExactIndex(folder, config.dimension(), lockChannel, folderLock,
          contents.table(), contents.sequence());
    } catch (IOException e) {
      closeQuietly(lockChannel, e);
      throw new IndexStorageException("open", folder, e);
    } catch (RuntimeException e) {
      closeQuietly(lockChannel, e);
      throw e;
    }
  }

  @Override
  public void add(List<IndexedVector> vectors) {
    Objects.requireNonNull(vectors, "vectors");
    requireOpen();
    // Check the whole batch first so that a bad vector leaves the index untouched; a later
    // duplicate id replaces an earlier one in the map, which is the documented upsert order.
    Map<Long, IndexedVector> byId = new LinkedHashMap<>();
    for (IndexedVector vector : vectors) {
      Objects.requireNonNull(vector, "vector");
      if (vector.dimension() != dimension) {
        throw new DimensionMismatchException(dimension, vector.dimension());
      }
      byId.put(vector.id(), vector);
    }
    lock.writeLock().lock();
    try {
      requireOpen();
      for (IndexedVector vector : byId.values()) {
        table.put(vector.id(), vector.vector(), vector.collection(), vector.modelId());
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void delete(Collection<Long> ids) {
    Objects.requireNonNull(ids, "ids");
    requireOpen();
    lock.writeLock().lock();
    try {
      requireOpen();
      for (Long id : ids) {
        table.remove(Objects.requireNonNull(id, "id"));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public List<SearchHit> search(SearchRequest request) {
    Objects.requireNonNull(request, "request");
    requireOpen();
    if (request.dimension() != dimension) {
      throw new DimensionMismatchException(dimension, request.dimension());
    }
    float[] query = request.query();
    lock.readLock().lock();
    try {
      requireOpen();
      int modelCode = table.models().find(request.modelId());
      if (modelCode < 0) {
        return List.of();
      }
      boolean[] accepted = null;
      if (request.collections().isEmpty() == false) {
        accepted = new boolean[table.collections().size()];
        boolean any = false;
        for (String collection : request.collections()) {
          int code = table.collections().find(collection);
          if (code >= 0) {
            accepted[code] = true;
            any = true;
          }
        }
        if (any == false) {
          return List.of();
        }
      }
      TopHits top = new TopHits(Math.min(request.k(), Math.max(1, table.size())));
      table.scan(query, modelCode, accepted, top);
      int n = top.size();
      float[] scores = new float[n];
      long[] ids = new long[n];
      int[] slots = new int[n];
      top.drainBestFirst(scores, ids, slots);
      List<SearchHit> hits = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        hits.add(new SearchHit(ids[i], clampCosine(scores[i]),
            table.collections().name(table.collectionCode(slots[i]))));
      }
      return hits;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void commit(long lastSequence) {
    requireOpen();
    synchronized (commitLock) {
      if (lastSequence < committedSequence) {
        throw new IllegalArgumentException("lastSequence " + lastSequence
            + " is below the committed sequence " + committedSequence);
      }
      writeCommit(lastSequence, "commit");
    }
  }

  @Override
  public long committedSequence() {
    requireOpen();
    return committedSequence;
  }

  /**
   * Commits under the current sequence; because every commit rewrites the whole file, that
   * removes deleted vectors from disk.
   */
  @Override
  public void expungeDeletes() {
    requireOpen();
    synchronized (commitLock) {
      writeCommit(committedSequence, "expunge deletes");
    }
  }

  @Override
  public IndexStats stats() {
    requireOpen();
    long count;
    long deletedOnDisk;
    lock.readLock().lock();
    try {
      count = table.size();
      deletedOnDisk = table.deletedOnDisk();
    } finally {
      lock.readLock().unlock();
    }
    return new IndexStats(count, deletedOnDisk, dimension, bytesOnDisk());
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /**
   * Zeroes the in-memory vectors and releases the folder lock, discarding uncommitted changes.
   */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      table.wipe();
    } finally {
      lock.writeLock().unlock();
    }
    try {
      try {
        folderLock.release();
      } finally {
        lockChannel.close();
      }
    } catch (IOException e) {
      throw new IndexStorageException("close", folder, e);
    }
  }

  /** Writes the table under the read lock: searches continue, adds and deletes wait. */
  private void writeCommit(long sequence, String operation) {
    lock.readLock().lock();
    try {
      requireOpen();
      ExactIndexFile.write(folder, table, sequence);
      // Safe under the read lock: only commits, serialised by commitLock, write these flags.
      table.markAllPersisted();
      committedSequence = sequence;
    } catch (IOException e) {
      throw new IndexStorageException(operation, folder, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private long bytesOnDisk() {
    long total = 0;
    try (var files = Files.list(folder)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        try {
          total += Files.size(file);
        } catch (NoSuchFileException e) {
          // A commit renamed its temporary file away while we listed; it is counted under its
          // final name or was never complete.
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IndexStorageException("stats", folder, e);
    }
    return total;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the index in " + folder + " is closed");
    }
  }

  /** Unit vectors within the accepted 1e-3 norm tolerance can give a dot product just over 1. */
  private static float clampCosine(float dot) {
    return Math.max(-1f, Math.min(1f, dot));
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // The same JVM already holds it: another ExactIndex is open on this folder.
      return null;
    }
  }

  private static void closeQuietly(FileChannel channel, Exception primary) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
