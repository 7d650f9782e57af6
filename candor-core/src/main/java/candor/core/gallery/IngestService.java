package candor.core.gallery;

import candor.core.audit.AuditEvent;
import candor.core.crypto.KeyDestroyedException;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.FaceDraft;
import candor.core.model.InvalidRequestException;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.rights.OptOutEntry;
import candor.core.rights.OptOutModelException;
import candor.core.store.CollectionNotFoundException;
import candor.core.store.DuplicateCollectionException;
import candor.core.store.DuplicateMediaException;
import candor.core.store.DuplicateSubjectException;
import candor.core.store.GalleryStore;
import candor.core.store.IngestBatch;
import candor.core.store.IngestReceipt;
import candor.core.store.StoreException;
import candor.core.store.StoredCrop;
import candor.core.store.SubjectNotFoundException;
import candor.vision.FaceFilter;
import candor.vision.FacePipeline;
import candor.vision.ImageAnalysis;
import candor.vision.VisionException;
import candor.vision.image.ImageLoader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest use case: stores images, their faces (with templates and sealed crops) and, when
 * folders name them, their subjects, then indexes the faces.
 *
 * <p><b>Rules.</b> Every image is stored with its record, its faces, a new subject if its folder
 * names one not yet enrolled, and a {@code media.ingest} audit entry of its own, all in one
 * transaction; the images that are ready together (the writer waits up to 50 ms for a few more
 * while the workers are busy; at most 32) share that transaction, so a bulk ingest commits (and
 * syncs the database's log) once per group, not once per file, and a crash loses a group whole
 * or not at all. The index is updated after each
 * commit and committed every {@link IngestRequest#commitEvery()} files and at the end (the store
 * being the truth, a crash loses nothing: the index replays on open). An
 * image the collection already holds (same SHA-256) is skipped before analysis, which also makes
 * an interrupted ingest resumable: run it again and it skips what was stored. A face is committed
 * before its crop can be sealed under its key and written, so a crash in between leaves a stored
 * face without its crop file (or an image without its kept original): meeting that image again,
 * the ingest cuts the missing crops again from its bytes at the stored boxes, checks each against
 * the stored crop digest, and writes it ({@link IngestSummary#filesRestored()}). An image with no
 * face is stored with none (so a re-run skips it too) and counted, not failed. A file that cannot
 * be read, is over the size limits or is not a supported image is reported as a {@link
 * FileError} and the batch goes on; nothing of it is stored. A failure of the store, the index or
 * the data directory stops the batch and is thrown: what was committed before stays.
 *
 * <p><b>Retention.</b> Images and new subjects are kept until {@link IngestRequest#retainUntil()},
 * which may not be in the past nor later than today plus the collection's retention; by default
 * it is exactly that limit.
 *
 * <p><b>Threads.</b> {@link IngestRequest#threads()} workers read, hash, check for duplicates,
 * analyse and crop images in parallel (a crop is cut from the detector's decode when that is at
 * full resolution, else from a region decode); one writer thread stores them in completion order,
 * a group at a time, so store writes never contend, and eight threads write the group's sealed
 * files together, whose syncs the file system then commits together. At most eight images per
 * worker are in memory at once.
 *
 * <p><b>Privacy.</b> Stores templates (encrypted by the store) and face crops, sealed under the
 * face's data key before they are written to {@code crops/}. Originals are kept, sealed under the
 * key of the image's first stored face, only when the collection says so and the image has a
 * face. When folders name subjects, only the subject's face of an image is stored: other people
 * in an enrolment photo are not enrolled.
 *
 * <p><b>Do-not-enrol list.</b> Every face an ingest would store is first compared with the
 * templates of the do-not-enrol list (people who asked never to be enrolled, see {@link
 * candor.core.rights.RightsStore}), at the {@link StrictThreshold} of access requests; a face
 * that reaches it is not stored, and neither is its crop, nor the photo's original, nor the
 * photo itself when no other face of it is stored (an enrolment photo whose subject matches is
 * left out whole, subject included). Each file with such faces gets an {@code optout.skip} audit
 * entry naming the collection, the ingest's actor, how many faces were left out and whether the
 * whole file was, the threshold and the model: never the file's name, source, digest, boxes or
 * the list entry matched, because the audit is append-only and any of those would tie the
 * person to a photo of them for good, even after they leave the list. The list is read once per
 * ingest: an entry added while an ingest runs applies from the next one.
 *
 * <p>Thread-safe; one ingest at a time per service is the expected use.
 */
public final class IngestService {

  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

  // Images in flight per worker: enough to keep workers busy while the writer commits a group
  // and waits for its files' syncs (about two images' time), few enough that large photos do not
  // fill the heap (a waiting image holds its crops, and its bytes only when the original is kept).
  static final int IN_FLIGHT_PER_WORKER = 8;

  /** The most images stored in one transaction. */
  static final int MAX_GROUP = 32;

  /**
   * How long the writer waits for more images once it has one, while the workers are still
   * analysing: long enough for several to finish (two workers finish one every 8 ms or so), so
   * that one commit covers them, however fast the writer is.
   */
  static final long LINGER_MILLIS = 50;

  /** Threads that write a group's crop and original files at once. */
  static final int FILE_WRITERS = 8;

  private final Gallery gallery;
  private final FacePipeline pipeline;
  private final ImageLoader loader;
  private final Clock clock;

  /**
   * Creates the service.
   *
   * @param gallery the open gallery
   * @param pipeline the face engine; its templates must have the index's dimension
   * @param loader the image loader, whose limits apply to every file
   */
  public IngestService(Gallery gallery, FacePipeline pipeline, ImageLoader loader) {
    this(gallery, pipeline, loader, Clock.systemUTC());
  }

  IngestService(Gallery gallery, FacePipeline pipeline, ImageLoader loader, Clock clock) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Ingests the images of a source.
   *
   * @param request where and on what basis
   * @param source the images, and the paths that could not be listed (reported as errors)
   * @param listener told after each file, from the writer thread
   * @return what was done; {@link IngestSummary#succeeded()} is false if any file failed
   * @throws CollectionNotFoundException if the collection does not exist and the request does
   *     not create it
   * @throws InvalidRequestException if {@code retainUntil} is in the past or beyond the
   *     collection's retention
   * @throws IllegalStateException if the engine's templates do not fit the index, or the ingest
   *     was interrupted
   * @throws OptOutModelException if the do-not-enrol list holds entries of another model than
   *     the engine's (made before the gallery moved to another pack)
   * @throws candor.core.store.StoreException if the store fails (the batch stops)
   * @throws candor.index.IndexException if the index fails (the batch stops)
   * @throws java.io.UncheckedIOException if a crop cannot be written (the batch stops)
   */
  public IngestSummary ingest(IngestRequest request, IngestSource source,
      IngestProgress.Listener listener) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(listener, "listener");
    long start = System.nanoTime();
    int indexDimension = gallery.config().index().dimension();
    if (pipeline.dimension() != indexDimension) {
      throw new IllegalStateException("the face engine makes " + pipeline.dimension()
          + "-d templates, the index holds " + indexDimension + "-d ones");
    }
    // before anything is written: the whole do-not-enrol list must be checkable
    DoNotEnrol.requireComparable(gallery, pipeline.modelId());
    // which pack makes these templates, and on what terms (once per model)
    gallery.store().inTransaction(tx -> {
      PackMigration.recordModel(tx, gallery.store(), pipeline.pack(), clock.instant());
      return null;
    });
    CollectionInfo created = null;
    Optional<CollectionInfo> found = gallery.store().gallery().findCollection(request.collection());
    CollectionInfo collection;
    if (found.isPresent()) {
      collection = found.get();
    } else if (request.createIfMissing() != null) {
      try {
        collection = new CollectionService(gallery, clock)
            .create(request.actor(), request.createIfMissing());
        created = collection;
      } catch (DuplicateCollectionException e) {
        collection = gallery.store().gallery().findCollection(request.collection()).orElseThrow();
      }
    } else {
      throw new CollectionNotFoundException(request.collection());
    }
    LocalDate retainUntil = retainUntil(request, collection);
    DoNotEnrol doNotEnrol = DoNotEnrol.load(gallery, pipeline.modelId());
    try {
      Run run = new Run(request, collection, retainUntil, source.items().size()
          + source.errors().size(), listener, doNotEnrol);
      for (FileError error : source.errors()) {
        run.failed(error);
      }
      run.execute(source.items());
      gallery.commitIndex();
      return new IngestSummary(run.total, run.faces, run.duplicates, run.filesRestored,
          run.mediaStored, run.withoutFace, run.subjectsCreated, run.errors, created,
          (System.nanoTime() - start) / 1e9, run.optedOut);
    } finally {
      doNotEnrol.wipe();
    }
  }

  /**
   * The do-not-enrol templates of the engine's model, opened for one ingest, and the threshold
   * a face must reach to be one of them.
   *
   * <p>Privacy: holds templates decrypted in memory for the ingest only; {@link #wipe()}
   * overwrites them.
   */
  private record DoNotEnrol(List<float[]> templates, StrictThreshold threshold) {

    /**
     * Refuses an ingest whose engine cannot compare every entry: entries of another model (made
     * before the gallery moved to another pack) would let a listed person be enrolled unchecked.
     */
    static void requireComparable(Gallery gallery, String modelId) {
      List<OptOutEntry> others = gallery.store().rights().listOptOuts().stream()
          .filter(e -> e.modelId().equals(modelId) == false).toList();
      if (others.isEmpty() == false) {
        throw new OptOutModelException(modelId, others.size(),
            others.stream().map(OptOutEntry::modelId).distinct().sorted().toList());
      }
    }

    static DoNotEnrol load(Gallery gallery, String modelId) {
      List<float[]> templates = gallery.store().rights().optOutTemplates(modelId);
      if (templates.isEmpty()) {
        return new DoNotEnrol(templates, null);
      }
      return new DoNotEnrol(templates,
          StrictThreshold.forModel(modelId, StrictThreshold.DEFAULT_MAX_FMR));
    }

    /** Whether the face reaches the threshold against any listed template. */
    boolean listed(float[] face) {
      for (float[] t : templates) {
        if (threshold.reached(candor.vision.Embedding.dot(t, face))) {
          return true;
        }
      }
      return false;
    }

    void wipe() {
      templates.forEach(t -> java.util.Arrays.fill(t, 0f));
    }
  }

  private LocalDate retainUntil(IngestRequest request, CollectionInfo collection) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    LocalDate limit = today.plus(collection.retention());
    LocalDate wanted = request.retainUntil();
    if (wanted == null) {
      return limit;
    }
    if (wanted.isBefore(today)) {
      throw new InvalidRequestException("retain-until " + wanted + " is in the past");
    }
    if (wanted.isAfter(limit)) {
      throw new InvalidRequestException("retain-until " + wanted + " is beyond collection '"
          + collection.name() + "''s retention of " + collection.retention() + " (until "
          + limit + ")");
    }
    return wanted;
  }

  /** What a worker made of one input file, for the writer. */
  private sealed interface Prepared {
    IngestItem item();

    record Failed(IngestItem item, String error) implements Prepared {}

    /** An image the collection holds, with the files its stored faces should have and lack. */
    record Duplicate(IngestItem item, List<MissingFile> missing) implements Prepared {}

    /**
     * An analysed image; {@code bytes} is kept only when the original is to be stored;
     * {@code optedOut} faces of it were left out because they are on the do-not-enrol list.
     */
    record Ready(IngestItem item, String sha256, long size, byte[] bytes, int width, int height,
        List<PreparedFace> faces, int optedOut) implements Prepared {}

    /** An image left out whole: every face to store is on the do-not-enrol list. */
    record OptedOut(IngestItem item, int faces) implements Prepared {}
  }

  /** A face to store, with its crop's JPEG bytes. Privacy: holds a template and a face image. */
  private record PreparedFace(candor.vision.Face face, byte[] crop, String cropSha256) {}

  /**
   * A crop or kept original missing from the data directory, cut again from its image.
   *
   * @param face the stored face whose key seals it
   * @param path where it belongs, relative to the data directory
   * @param plaintext its content before sealing. Privacy: a face image or the whole photo
   */
  private record MissingFile(Face face, String path, byte[] plaintext) {}

  /** One ingest run: its request, counters (writer thread only) and threads. */
  private final class Run {
    private final IngestRequest request;
    private final CollectionInfo collection;
    private final LocalDate retainUntil;
    private final int total;
    private final IngestProgress.Listener listener;
    private final DoNotEnrol doNotEnrol;
    private final GalleryStore records = gallery.store().gallery();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    // Prepared files waiting for the writer, which takes as many as are there as one group.
    private final BlockingQueue<Prepared> pending = new LinkedBlockingQueue<>();
    // Files not yet prepared (nor dropped after a fatal failure): while there are, more will come.
    private final AtomicInteger unprepared = new AtomicInteger();
    // Counters below are written by the writer thread only and read after it has terminated.
    private final List<FileError> errors = new ArrayList<>();
    private int done;
    private long faces;
    private int duplicates;
    private int filesRestored;
    private int mediaStored;
    private int withoutFace;
    private int subjectsCreated;
    private long optedOut;
    private int sinceCommit;

    Run(IngestRequest request, CollectionInfo collection, LocalDate retainUntil, int total,
        IngestProgress.Listener listener, DoNotEnrol doNotEnrol) {
      this.request = request;
      this.collection = collection;
      this.retainUntil = retainUntil;
      this.total = total;
      this.listener = listener;
      this.doNotEnrol = doNotEnrol;
    }

    void execute(List<IngestItem> items) {
      ExecutorService workers =
          Executors.newFixedThreadPool(request.threads(), threads("candor-ingest-worker"));
      ExecutorService writer = Executors.newSingleThreadExecutor(threads("candor-ingest-writer"));
      ExecutorService files = Executors.newFixedThreadPool(FILE_WRITERS, threads("candor-ingest-io"));
      int permits = request.threads() * IN_FLIGHT_PER_WORKER;
      Semaphore inFlight = new Semaphore(permits);
      // Lingering for a group of half the permits leaves the workers the other half.
      int groupTarget = Math.max(1, Math.min(MAX_GROUP, permits / 2));
      unprepared.set(items.size());
      boolean interrupted = false;
      try {
        for (IngestItem item : items) {
          if (fatal.get() != null) {
            break;
          }
          inFlight.acquire();
          workers.execute(() -> {
            Prepared prepared = prepareSafely(item);
            if (prepared == null) {
              unprepared.decrementAndGet();
              inFlight.release();
              return;
            }
            pending.add(prepared);
            unprepared.decrementAndGet();
            // One drain per file: a drain may find its file taken by an earlier one's group.
            writer.execute(() -> drain(inFlight, files, groupTarget));
          });
        }
      } catch (InterruptedException e) {
        interrupted = true;
      } finally {
        interrupted |= awaitQuietly(workers);
        interrupted |= awaitQuietly(writer);
        interrupted |= awaitQuietly(files);
      }
      Throwable failure = fatal.get();
      if (failure != null) {
        try {
          gallery.commitIndex(); // keep what the index applied; replay covers the rest
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
        switch (failure) {
          case RuntimeException e -> throw e;
          case Error e -> throw e;
          default -> throw new IllegalStateException(failure.getMessage(), failure);
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
        gallery.commitIndex();
        throw new IllegalStateException("the ingest was interrupted after " + done + " of "
            + total + " files; run it again to go on (stored files are skipped)");
      }
    }

    private Prepared prepareSafely(IngestItem item) {
      try {
        return prepare(item);
      } catch (StoreException e) {
        fatal.compareAndSet(null, e); // the store is down: every other file would fail too
        return null;
      } catch (RuntimeException e) {
        LOG.debug("Cannot analyse {}", item.name(), e);
        return new Prepared.Failed(item, item.name() + ": " + e);
      } catch (Throwable t) {
        fatal.compareAndSet(null, t);
        return null;
      }
    }

    /** Reads, hashes, checks for a duplicate, analyses and crops one file (worker thread). */
    private Prepared prepare(IngestItem item) {
      long limit = loader.limits().maxBytes();
      byte[] bytes;
      try {
        bytes = item.content().read(limit);
      } catch (IOException e) {
        return new Prepared.Failed(item, item.name() + ": cannot read file (" + e.getMessage() + ")");
      }
      if (bytes.length > limit) {
        return new Prepared.Failed(item,
            item.name() + ": file is larger than the limit of " + limit + " bytes");
      }
      if (bytes.length == 0) {
        return new Prepared.Failed(item, item.name() + ": file is empty");
      }
      String sha256 = Sha256.hex(bytes);
      Optional<Media> stored = records.findMedia(collection.name(), sha256);
      if (stored.isPresent()) {
        return duplicate(item, stored.get(), bytes);
      }
      ImageAnalysis analysis;
      // The detector's decode when it is at full resolution, to cut the crops from.
      AtomicReference<BufferedImage> upright = new AtomicReference<>();
      // One subject per photo: only the chosen face is analysed and embedded, not bystanders;
      // unless the original would be kept, which shows the bystanders too, so each of them must
      // be checked against the do-not-enrol list.
      boolean checkBystanders = collection.keepOriginals()
          && doNotEnrol.templates().isEmpty() == false;
      FaceFilter which = request.subjectsFromFolders() && checkBystanders == false
          ? request.subjectFace().asFilter() : FaceFilter.ALL;
      try {
        analysis = pipeline.analyze(loader, bytes, item.name(), true,
            decoded -> upright.set(decoded.scale() == 1 ? decoded.pixels() : null), which);
      } catch (VisionException e) {
        return new Prepared.Failed(item, e.getMessage());
      }
      List<candor.vision.Face> chosen = analysis.faces();
      boolean bystanderListed = false;
      if (request.subjectsFromFolders() && which == FaceFilter.ALL) {
        chosen = request.subjectFace().choose(analysis.faces(), analysis.width(),
            analysis.height()).map(List::of).orElse(List.of());
        for (candor.vision.Face face : analysis.faces()) {
          bystanderListed |= chosen.contains(face) == false
              && doNotEnrol.listed(face.template().values());
        }
      }
      int listed = 0;
      if (doNotEnrol.templates().isEmpty() == false) {
        List<candor.vision.Face> kept = new ArrayList<>(chosen.size());
        for (candor.vision.Face face : chosen) {
          if (doNotEnrol.listed(face.template().values())) {
            listed++;
          } else {
            kept.add(face);
          }
        }
        if (kept.isEmpty() && listed > 0) {
          return new Prepared.OptedOut(item, listed);
        }
        chosen = kept;
      }
      List<PreparedFace> prepared = new ArrayList<>(chosen.size());
      for (candor.vision.Face face : chosen) {
        byte[] crop = upright.get() != null
            ? GalleryFiles.crop(upright.get(), VisionRecords.box(face.box()))
            : GalleryFiles.crop(loader, bytes, item.name(), VisionRecords.box(face.box()),
                analysis.width(), analysis.height());
        prepared.add(new PreparedFace(face, crop, Sha256.hex(crop)));
      }
      // The original shows everyone in it: not kept when someone in it is on the list.
      boolean keepOriginal = collection.keepOriginals() && prepared.isEmpty() == false
          && listed == 0 && bystanderListed == false;
      return new Prepared.Ready(item, sha256, bytes.length, keepOriginal ? bytes : null,
          analysis.width(), analysis.height(), prepared, listed);
    }

    /**
     * An image the collection already holds, with whatever of its crops and kept original the
     * data directory lacks cut again from its bytes. A crop is cut at the stored box exactly as
     * at ingest, so it must match the stored crop digest; one that does not is an error, and
     * nothing is written for it.
     */
    private Prepared duplicate(IngestItem item, Media media, byte[] bytes) {
      // Where the crops belong, without decrypting templates: a re-run meets every stored image.
      List<StoredCrop> crops = records.cropsInMedia(collection.name(), media.sha256());
      List<MissingFile> missing = new ArrayList<>();
      for (StoredCrop stored : crops) {
        if (stored.path() == null || Files.exists(gallery.resolve(stored.path()))) {
          continue;
        }
        byte[] crop = GalleryFiles.crop(loader, bytes, item.name(), stored.box(), media.width(),
            media.height());
        if (Sha256.hex(crop).equals(stored.sha256()) == false) {
          return new Prepared.Failed(item, item.name() + ": the crop of stored face "
              + stored.faceId() + " is missing and cutting it again gave other bytes than the"
              + " stored digest");
        }
        records.findFace(stored.faceId())
            .ifPresent(face -> missing.add(new MissingFile(face, stored.path(), crop)));
      }
      if (collection.keepOriginals() && crops.isEmpty() == false) {
        String original = GalleryFiles.originalPath(collection.name(), media.sha256());
        if (Files.exists(gallery.resolve(original)) == false) {
          // sealed, as at ingest, under the key of the image's first face
          records.findFace(crops.getFirst().faceId())
              .ifPresent(face -> missing.add(new MissingFile(face, original, bytes)));
        }
      }
      return new Prepared.Duplicate(item, missing);
    }

    /**
     * Stores the prepared files waiting, as one group (writer thread); releases their permits
     * once they are stored, their files written, or the run has failed.
     */
    private void drain(Semaphore inFlight, ExecutorService files, int groupTarget) {
      List<Prepared> group = new ArrayList<>();
      pending.drainTo(group, MAX_GROUP);
      if (group.isEmpty()) {
        return;
      }
      try {
        linger(group, groupTarget);
        if (fatal.get() == null) {
          write(group, files);
        }
      } catch (Throwable t) {
        fatal.compareAndSet(null, t);
      } finally {
        inFlight.release(group.size());
      }
    }

    /**
     * Adds the files that the workers finish within {@link #LINGER_MILLIS} to the group, up to
     * {@code target} of them, while more are to come and the run has not failed.
     */
    private void linger(List<Prepared> group, int target) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
      while (group.size() < target && unprepared.get() > 0 && fatal.get() == null) {
        long left = deadline - System.nanoTime();
        Prepared next = left > 0 ? pending.poll(left, TimeUnit.NANOSECONDS) : null;
        if (next == null) {
          return;
        }
        group.add(next);
        pending.drainTo(group, target - group.size());
      }
    }

    /** Stores a group of prepared files (writer thread). */
    private void write(List<Prepared> group, ExecutorService files) {
      List<Prepared.Ready> ready = new ArrayList<>(group.size());
      for (Prepared prepared : group) {
        switch (prepared) {
          case Prepared.Failed f -> failed(new FileError(f.item().name(), f.error()));
          case Prepared.Duplicate d -> {
            restore(d.missing());
            duplicate();
          }
          case Prepared.Ready r -> ready.add(r);
          case Prepared.OptedOut o -> {
            skipped(o.faces(), true);
            finished();
          }
        }
      }
      if (ready.isEmpty() == false) {
        store(ready, files);
      }
    }

    /**
     * Counts and audits faces left out because they are on the do-not-enrol list: the entry
     * says how many and where, nothing that points to the person or the photo (see the class
     * comment).
     */
    private void skipped(int faces, boolean wholeFile) {
      optedOut += faces;
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("collection", collection.name());
      details.put("faces_skipped", faces);
      details.put("file_skipped", wholeFile);
      details.put("threshold", doNotEnrol.threshold().score());
      details.put("max_fmr", doNotEnrol.threshold().maxFmr());
      details.put("model_id", doNotEnrol.threshold().modelId());
      gallery.store().audit().append(new AuditEvent(request.actor(), "optout.skip",
          "collection:" + collection.name(), details));
    }

    /**
     * Seals and writes the files a crash left missing. A face erased since the worker looked has
     * no key any more, so nothing of it is written again.
     */
    private void restore(List<MissingFile> missing) {
      for (MissingFile file : missing) {
        byte[] sealed;
        try {
          sealed = records.sealCrop(file.face(), file.plaintext());
        } catch (KeyDestroyedException e) {
          continue;
        }
        GalleryFiles.writeAtomically(gallery.resolve(file.path()), sealed);
        filesRestored++;
      }
    }

    /** An analysed image and what it adds to the store. */
    private record Planned(Prepared.Ready ready, IngestBatch batch) {}

    /**
     * Stores analysed images in one transaction, then seals and writes their crops (and kept
     * originals). If the store refuses the group because something changed since the workers
     * looked (another process stored one of the images or subjects meanwhile), each image is
     * stored on its own instead, so that only the one concerned is affected.
     */
    private void store(List<Prepared.Ready> group, ExecutorService files) {
      List<Planned> planned = new ArrayList<>(group.size());
      Set<String> digests = new HashSet<>();
      // Subjects created by earlier images of this group, by external reference.
      Map<String, UUID> created = new HashMap<>();
      for (Prepared.Ready ready : group) {
        if (digests.add(ready.sha256()) == false) {
          duplicate(); // the same bytes twice in one batch: the first one wins
          continue;
        }
        plan(ready, created).ifPresent(planned::add);
      }
      if (planned.isEmpty()) {
        return;
      }
      List<IngestReceipt> receipts;
      try {
        receipts = gallery.ingest(planned.stream().map(Planned::batch).toList(), this::auditEvent);
      } catch (DuplicateMediaException | DuplicateSubjectException | SubjectNotFoundException e) {
        LOG.debug("A group of {} images conflicts with the store; storing them one by one",
            planned.size(), e);
        for (Planned one : planned) {
          storeAlone(one.ready(), files);
        }
        return;
      }
      writeFiles(planned.stream().map(Planned::ready).toList(), receipts, files);
      for (int i = 0; i < receipts.size(); i++) {
        stored(planned.get(i).ready(), receipts.get(i));
      }
    }

    /** Stores one analysed image in its own transaction, as a group of one. */
    private void storeAlone(Prepared.Ready ready, ExecutorService files) {
      Optional<Planned> planned = plan(ready, new HashMap<>());
      if (planned.isEmpty()) {
        return;
      }
      IngestReceipt receipt;
      try {
        receipt = gallery.ingest(planned.get().batch(), this::auditEvent);
      } catch (DuplicateMediaException e) {
        duplicate(); // stored meanwhile, by another ingest
        return;
      }
      writeFiles(List.of(ready), List.of(receipt), files);
      stored(ready, receipt);
    }

    /**
     * What an image adds to the store: its record, its faces and, when its folder names a subject
     * neither stored nor created by an earlier image of the group, that subject. Empty (and the
     * file counted as failed) when subjects come from folders and the image has none.
     */
    private Optional<Planned> plan(Prepared.Ready ready, Map<String, UUID> created) {
      IngestItem item = ready.item();
      UUID subjectId = null;
      List<Subject> newSubjects = List.of();
      if (request.subjectsFromFolders() && ready.faces().isEmpty() == false) {
        String ref = item.folderName();
        if (ref.isBlank()) {
          failed(new FileError(item.name(), item.name() + ": no folder name to name its subject"));
          return Optional.empty();
        }
        subjectId = created.get(ref);
        if (subjectId == null) {
          Optional<Subject> known = records.findSubjectByExternalRef(collection.name(), ref);
          if (known.isPresent()) {
            subjectId = known.get().id();
          } else {
            Subject subject = new Subject(UUID.randomUUID(), collection.name(), ref,
                ref.replace('_', ' '), request.basis(), retainUntil, clock.instant());
            subjectId = subject.id();
            newSubjects = List.of(subject);
            created.put(ref, subjectId);
          }
        }
      }
      List<FaceDraft> drafts = new ArrayList<>(ready.faces().size());
      for (int i = 0; i < ready.faces().size(); i++) {
        PreparedFace face = ready.faces().get(i);
        String cropPath =
            GalleryFiles.cropPath(collection.name(), ready.sha256(), i, face.cropSha256());
        drafts.add(VisionRecords.draft(face.face(), subjectId, cropPath, face.cropSha256()));
      }
      Media media = new Media(ready.sha256(), collection.name(), sourceOf(item), request.actor(),
          clock.instant(), ready.size(), ready.width(), ready.height(), retainUntil);
      return Optional.of(new Planned(ready, new IngestBatch(media, newSubjects, drafts)));
    }

    /**
     * Seals the stored faces' crops (and kept originals, under the key of their image's first
     * face) with one key lookup per owner, and writes them together.
     */
    private void writeFiles(List<Prepared.Ready> readies, List<IngestReceipt> receipts,
        ExecutorService files) {
      List<Face> owners = new ArrayList<>();
      List<byte[]> plaintexts = new ArrayList<>();
      List<Path> paths = new ArrayList<>();
      for (int r = 0; r < receipts.size(); r++) {
        IngestReceipt receipt = receipts.get(r);
        Prepared.Ready ready = readies.get(r);
        for (int i = 0; i < receipt.faces().size(); i++) {
          Face face = receipt.faces().get(i);
          owners.add(face);
          plaintexts.add(ready.faces().get(i).crop());
          paths.add(gallery.resolve(face.cropPath()));
        }
        if (ready.bytes() != null) {
          owners.add(receipt.faces().getFirst());
          plaintexts.add(ready.bytes());
          paths.add(gallery.resolve(GalleryFiles.originalPath(collection.name(), ready.sha256())));
        }
      }
      if (owners.isEmpty()) {
        return;
      }
      List<byte[]> sealed = records.sealCrops(owners, plaintexts);
      List<GalleryFiles.FileWrite> writes = new ArrayList<>(sealed.size());
      for (int i = 0; i < sealed.size(); i++) {
        writes.add(new GalleryFiles.FileWrite(paths.get(i), sealed.get(i)));
      }
      GalleryFiles.writeAllAtomically(writes, files);
    }

    /**
     * Counts a stored image, and audits the faces of it left out because they are on the
     * do-not-enrol list.
     */
    private void stored(Prepared.Ready ready, IngestReceipt receipt) {
      if (ready.optedOut() > 0) {
        skipped(ready.optedOut(), false);
      }
      mediaStored++;
      faces += receipt.faces().size();
      subjectsCreated += receipt.subjects().size();
      if (receipt.faces().isEmpty()) {
        withoutFace++;
      }
      finished();
    }

    private AuditEvent auditEvent(IngestReceipt receipt) {
      Map<String, Object> details = new LinkedHashMap<>();
      Media media = receipt.media();
      details.put("source", media.source());
      details.put("bytes", media.byteSize());
      details.put("faces", receipt.faces().size());
      details.put("face_ids", receipt.faces().stream().map(Face::id).toList());
      details.put("subject_ids", receipt.faces().stream().map(Face::subjectId)
          .filter(Objects::nonNull).map(UUID::toString).distinct().toList());
      details.put("subjects_created",
          receipt.subjects().stream().map(s -> s.id().toString()).toList());
      details.put("basis_kind", request.basis().kind().name().toLowerCase(Locale.ROOT));
      details.put("basis_reference", request.basis().reference());
      details.put("retain_until", media.retainUntil().toString());
      return new AuditEvent(request.actor(), "media.ingest",
          "media:" + media.collection() + "/" + media.sha256(), details);
    }

    private String sourceOf(IngestItem item) {
      String base = request.source();
      if (base == null) {
        return item.location();
      }
      return base.endsWith("/") ? base + item.relativeName() : base + "/" + item.relativeName();
    }

    void failed(FileError error) {
      errors.add(error);
      finished();
    }

    private void duplicate() {
      duplicates++;
      finished();
    }

    private void finished() {
      done++;
      if (++sinceCommit >= request.commitEvery()) {
        gallery.commitIndex();
        sinceCommit = 0;
      }
      listener.update(new IngestProgress(done, total, faces, duplicates, errors.size()));
    }
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Shuts the executor down and waits for its queued work; returns whether it was interrupted. */
  private static boolean awaitQuietly(ExecutorService executor) {
    executor.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (executor.awaitTermination(1, TimeUnit.DAYS)) {
          return interrupted;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
  }
}
