package candor.core.gallery;

import candor.core.store.ErasureReceipt;
import candor.core.store.GalleryStore;
import candor.core.store.TransactionCallback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journal of the files an erasure must delete, so that a crash between the store's commit and
 * the deletion of crops and originals does not leave them behind.
 *
 * <p>Before the erasure's transaction, {@link #begin} writes (and syncs) a journal naming what is
 * erased and the files to delete; after deleting them, {@link #finish} removes it. On open, {@link
 * #recover} looks at each journal left over: if what it names is gone from the store, the erasure
 * committed and its files are deleted now; if it is still there, the erasure rolled back and the
 * journal is dropped with the files untouched.
 *
 * <p>Format, one item per line: {@code subject <uuid>}, {@code media <collection> <sha256>},
 * {@code face <id>} (a pack migration's retired template), {@code file <path relative to the data
 * directory>}. It holds identifiers and paths, never face
 * data.
 */
final class PendingErasures {

  private static final Logger LOG = LoggerFactory.getLogger(PendingErasures.class);

  /** Folder of journals inside the data directory. */
  static final String FOLDER = "pending-erasures";

  private PendingErasures() {}

  /** What an erasure removes from the store. */
  sealed interface Target {
    /** A subject, by id. */
    record Subject(UUID id) implements Target {}

    /** An image of a collection. */
    record Media(String collection, String sha256) implements Target {}

    /** A face, by id: the old template of a face a pack migration re-templated. */
    record Face(long id) implements Target {}
  }

  /**
   * Writes a journal before an erasure.
   *
   * @return the journal file, for {@link #finish}
   */
  static Path begin(Path dataDir, List<Target> targets, Collection<String> files) {
    List<String> lines = new ArrayList<>();
    for (Target target : targets) {
      lines.add(switch (target) {
        case Target.Subject s -> "subject " + s.id();
        case Target.Media m -> "media " + m.collection() + " " + m.sha256();
        case Target.Face f -> "face " + f.id();
      });
    }
    files.forEach(f -> lines.add("file " + f));
    Path journal = dataDir.resolve(FOLDER).resolve(UUID.randomUUID() + ".pending");
    GalleryFiles.writeAtomically(journal,
        (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    return journal;
  }

  /**
   * What a journalled erasure erased, and how many of its files existed and were deleted.
   *
   * @param receipt the store's receipt
   * @param filesDeleted files deleted
   */
  record Outcome(ErasureReceipt receipt, int filesDeleted) {}

  /**
   * Runs a store erasure under a journal: {@link #begin}, the erasure through the gallery (store,
   * audit entry and index), then {@link #finish} with the planned files, the crops of the faces and
   * the originals of the media the receipt names. If it fails, a journal whose erasure rolled back
   * is dropped; one whose erasure committed (the index failed) is kept for the next open.
   *
   * @param gallery the gallery
   * @param targets what is erased, for the journal
   * @param files the files known before the transaction
   * @param storeErasure the erasure and its audit entry, in one transaction
   * @return the receipt and the files deleted
   */
  static Outcome run(Gallery gallery, List<Target> targets, Set<String> files,
      TransactionCallback<ErasureReceipt, RuntimeException> storeErasure) {
    Path dataDir = gallery.dataDir();
    Path journal = begin(dataDir, targets, files);
    AtomicInteger deleted = new AtomicInteger();
    try {
      ErasureReceipt receipt = gallery.erase(storeErasure, r -> {
        Set<String> all = new LinkedHashSet<>(files);
        r.faces().forEach(f -> {
          if (f.cropPath() != null) {
            all.add(f.cropPath());
          }
        });
        r.media().forEach(m -> all.add(GalleryFiles.originalPath(m.collection(), m.sha256())));
        deleted.set(finish(dataDir, journal, all));
      });
      return new Outcome(receipt, deleted.get());
    } catch (RuntimeException e) {
      // Rolled back: drop the journal. Committed but the index failed: keep it for the next open.
      try {
        settleIfRolledBack(journal, gallery.store().gallery());
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Deletes the files and then the journal.
   *
   * @return how many of the files existed and were deleted
   */
  static int finish(Path dataDir, Path journal, Collection<String> files) {
    int deleted = 0;
    for (String file : files) {
      if (GalleryFiles.delete(dataDir, file)) {
        deleted++;
      }
    }
    try {
      Files.deleteIfExists(journal);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete erasure journal " + journal, e);
    }
    return deleted;
  }

  /** Drops a journal whose erasure did not commit. */
  static void abandon(Path journal) {
    try {
      Files.deleteIfExists(journal);
    } catch (IOException e) {
      LOG.warn("Cannot delete erasure journal {}", journal, e);
    }
  }

  /** Finishes or drops every journal a crash left behind. */
  static void recover(Path dataDir, GalleryStore store) {
    Path folder = dataDir.resolve(FOLDER);
    if (Files.isDirectory(folder) == false) {
      return;
    }
    List<Path> journals;
    try (Stream<Path> list = Files.list(folder)) {
      journals = list.filter(p -> p.getFileName().toString().endsWith(".pending")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    for (Path journal : journals) {
      int deleted = settle(dataDir, journal, store);
      if (deleted >= 0) {
        LOG.info("Finished an interrupted erasure: deleted {} files", deleted);
      }
    }
  }

  /**
   * Finishes one journal if its erasure committed (what it names is gone from the store), or
   * drops it if the erasure did not.
   *
   * @return the number of files deleted, or -1 if the erasure had not committed
   */
  static int settle(Path dataDir, Path journal, GalleryStore store) {
    List<String> lines = read(journal);
    if (committed(lines, store) == false) {
      abandon(journal);
      return -1;
    }
    List<String> files = lines.stream().filter(l -> l.startsWith("file "))
        .map(l -> l.substring("file ".length())).toList();
    return finish(dataDir, journal, files);
  }

  /**
   * Drops a journal whose erasure rolled back; keeps it, for the next open, if the erasure
   * committed but could not be finished.
   */
  static void settleIfRolledBack(Path journal, GalleryStore store) {
    if (committed(read(journal), store) == false) {
      abandon(journal);
    }
  }

  /** Whether everything the journal names is gone from the store. */
  private static boolean committed(List<String> lines, GalleryStore store) {
    boolean committed = true;
    List<Long> faces = new ArrayList<>();
    for (String line : lines) {
      String[] parts = line.split(" ", 3);
      switch (parts[0]) {
        case "subject" -> committed &= store.findSubject(UUID.fromString(parts[1])).isEmpty();
        case "media" -> committed &= store.findMedia(parts[1], parts[2]).isEmpty();
        case "face" -> faces.add(Long.parseLong(parts[1]));
        default -> { } // a file line, or a blank one
      }
    }
    // faces in pages: the lookup takes at most 1,000 ids and reads no template
    for (int from = 0; from < faces.size() && committed; from += 1_000) {
      committed = store.subjectsOfFaces(faces.subList(from, Math.min(faces.size(), from + 1_000))).isEmpty();
    }
    return committed;
  }

  private static List<String> read(Path journal) {
    try {
      return Files.readAllLines(journal, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read erasure journal " + journal, e);
    }
  }
}
