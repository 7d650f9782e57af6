package candor.core.gallery;

import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.crypto.DecryptionFailedException;
import candor.core.crypto.KeyDestroyedException;
import candor.core.model.BoundingBox;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.FaceDraft;
import candor.core.model.Media;
import candor.core.store.ErasureReceipt;
import candor.core.store.PackStore;
import candor.core.store.PackStore.Counts;
import candor.core.store.PackStore.Failure;
import candor.core.store.PackStore.GalleryPack;
import candor.core.store.PackStore.MigratedFace;
import candor.core.store.PackStore.Migration;
import candor.core.store.PackStore.TemplateModel;
import candor.core.store.Store;
import candor.core.store.Transaction;
import candor.core.store.TransactionCallback;
import candor.vision.FacePipeline;
import candor.vision.ImageAnalysis;
import candor.vision.VisionException;
import candor.vision.image.ImageLoader;
import candor.vision.pack.ModelPack;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Moving a gallery to another model pack: every face is re-templated by the new pack from its
 * kept original (when the collection keeps originals) or its sealed crop, in the background of a
 * running gallery, and the new pack becomes current once every face has a template.
 *
 * <p><b>While it runs</b> the gallery's current pack stays the old one: ingest and search use
 * it, and the index holds both models' templates (a search only ever compares templates of its
 * own model). A migrated template is a new face row that names the face it replaces, with its
 * own copy of the crop sealed under it; erasing a subject or an image removes both rows and both
 * crops. Faces ingested meanwhile (by the old pack) are migrated too.
 *
 * <p><b>Resumable.</b> Faces are taken in id order, in batches; each batch's new rows, its
 * failures and its audit entry commit in one transaction, so after a crash (even {@code kill -9})
 * running the migration again goes on with the faces that have no new template, each face
 * migrated exactly once (a unique index on the replaced face and model enforces it). A crop file
 * a crash left unwritten is written again when the migration resumes.
 *
 * <p><b>Which face.</b> The new pack analyses the original (or the crop) and the detection that
 * overlaps the stored face most is taken, if it overlaps by at least {@link #MIN_OVERLAP} (IoU);
 * otherwise, or when no face is found, the face is recorded as one the pack cannot embed, with the
 * reason, and listed. From a kept original the new template is exactly what ingesting the image
 * with the new pack would have stored for that face; from a crop (at most 256 pixels, JPEG) it is
 * close to it.
 *
 * <p><b>The switch</b> ({@link #switchTo}) deletes the old templates (tombstones; the index
 * removes them and expunges their bytes), deletes their crop files, and records the new pack as
 * current, in one transaction with its audit entry; it needs every face re-templated, or the
 * faces the pack cannot embed left behind on purpose.
 *
 * <p><b>Privacy.</b> Decrypts originals and crops in memory only; templates are stored encrypted
 * as at ingest. The audit entries name face ids, models and counts, never face data.
 *
 * <p>One migration runs at a time per gallery. Not thread-safe: one caller drives it.
 */
public final class PackMigration {

  /** The least overlap (IoU) between the stored face and the new pack's detection to take it. */
  static final double MIN_OVERLAP = 0.3;

  /** Faces re-templated and committed together. */
  static final int BATCH = 32;

  private final Store store;
  private final Path dataDir;
  private final int indexDimension;
  private final FacePipeline target;
  private final ImageLoader loader;
  private final Clock clock;
  private final Function<TransactionCallback<Map<Long, Face>, RuntimeException>, Map<Long, Face>> commit;
  private Migration migration;
  private int batch = BATCH;

  private PackMigration(Store store, Path dataDir, int indexDimension, FacePipeline target, ImageLoader loader,
      Clock clock, Function<TransactionCallback<Map<Long, Face>, RuntimeException>, Map<Long, Face>> commit) {
    this.store = Objects.requireNonNull(store, "store");
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.indexDimension = indexDimension;
    this.target = Objects.requireNonNull(target, "target");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.commit = commit;
  }

  /**
   * A migration that writes to the store alone, leaving the index to whichever process holds it:
   * it replays the new templates from the store's change log (on open, or when it next writes).
   * Runs beside a service that holds an embedded index, whose searches go on meanwhile.
   *
   * @param store the deployment's store
   * @param dataDir the data directory (crops and originals)
   * @param indexDimension the dimension of the deployment's index; the new pack's must equal it
   * @param target the new pack's engine
   * @param loader the image loader, with its limits
   * @param clock the clock
   * @return the migration, not yet begun
   */
  public static PackMigration onStore(Store store, Path dataDir, int indexDimension, FacePipeline target,
      ImageLoader loader, Clock clock) {
    return new PackMigration(store, dataDir, indexDimension, target, loader, clock, store::inTransaction);
  }

  /**
   * A migration through an open gallery, which adds each batch to its index as it commits.
   *
   * @param gallery the open gallery
   * @param target the new pack's engine
   * @param loader the image loader
   * @param clock the clock
   * @return the migration, not yet begun
   */
  public static PackMigration onGallery(Gallery gallery, FacePipeline target, ImageLoader loader, Clock clock) {
    return new PackMigration(gallery.store(), gallery.dataDir(), gallery.config().index().dimension(), target,
        loader, clock, gallery::addMigrated);
  }

  /** Sets the faces per batch (tests make small batches to stop part-way). */
  PackMigration batchSize(int faces) {
    if (faces < 1) {
      throw new IllegalArgumentException("batch must be at least 1, got " + faces);
    }
    this.batch = faces;
    return this;
  }

  /** Told how far a migration has got. */
  @FunctionalInterface
  public interface Listener {
    /** Ignores progress. */
    Listener NONE = counts -> {};

    /**
     * Called after each committed batch.
     *
     * @param counts where the migration stands
     */
    void progressed(Counts counts);
  }

  /**
   * Starts a migration to the engine's pack, or resumes the one running to it, and audits that.
   *
   * @param actor who migrates
   * @param current the gallery's current pack (recorded as current if no pack is yet)
   * @param authorization what allowed it (the policy decision), for the audit entry
   * @return the migration
   * @throws IllegalArgumentException if the new pack is the current one, or its templates do not
   *     fit the index
   * @throws IllegalStateException if another migration is running, or the recorded current pack
   *     is not {@code current}
   */
  public Migration begin(String actor, ModelPack current, Map<String, Object> authorization) {
    Objects.requireNonNull(current, "current");
    ModelPack to = target.pack();
    if (to.templateModelId().equals(current.templateModelId())) {
      throw new IllegalArgumentException("pack " + to.name() + " makes the templates the gallery holds already ("
          + to.templateModelId() + "): nothing to migrate");
    }
    if (target.dimension() != indexDimension) {
      throw new IllegalArgumentException("pack " + to.name() + " makes " + target.dimension()
          + "-d templates, the gallery's index holds " + indexDimension + "-d ones: a migration keeps one index");
    }
    PackStore packs = store.packs();
    Optional<GalleryPack> recorded = packs.currentPack();
    if (recorded.isPresent() && !recorded.get().modelId().equals(current.templateModelId())) {
      throw new IllegalStateException("the gallery's current pack is " + recorded.get().pack() + " ("
          + recorded.get().modelId() + "), not " + current.name());
    }
    if (recorded.isEmpty()) {
      for (Map.Entry<String, Long> held : packs.facesByModel().entrySet()) {
        if (!held.getKey().equals(current.templateModelId()) && !held.getKey().equals(to.templateModelId())) {
          throw new IllegalStateException("the gallery holds " + held.getValue() + " faces of templates " + held.getKey()
              + ", which pack " + current.name() + " does not make: name the pack that made them with --model-pack");
        }
      }
    }
    Optional<Migration> running = packs.runningMigration();
    if (running.isPresent() && !running.get().toModel().equals(to.templateModelId())) {
      throw new IllegalStateException("a migration to pack " + running.get().toPack() + " is running (started "
          + running.get().started() + " by " + running.get().startedBy() + "): switch to it first");
    }
    boolean resumed = running.isPresent();
    Migration m = running.orElseGet(() -> new Migration(UUID.randomUUID().toString(), current.name(),
        current.templateModelId(), to.name(), to.templateModelId(), Migration.State.RUNNING, actor, clock.instant(),
        null));
    store.inTransaction(tx -> {
      if (!resumed) {
        if (recorded.isEmpty()) {
          packs.setCurrentPack(tx, new GalleryPack(current.name(), current.templateModelId(), clock.instant()));
        }
        recordModel(tx, current);
        recordModel(tx, to);
        packs.startMigration(tx, m);
      }
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("migration_id", m.id());
      details.put("from_pack", m.fromPack());
      details.put("from_model", m.fromModel());
      details.put("to_pack", m.toPack());
      details.put("to_model", m.toModel());
      details.put("licence", to.licence().id());
      details.put("faces", packs.counts(m).faces());
      if (!authorization.isEmpty()) {
        details.put("authorization", authorization);
      }
      return store.audit().append(tx, new AuditEvent(actor, resumed ? "pack.migrate.resume" : "pack.migrate.start",
          "pack:" + to.name(), details));
    });
    this.migration = m;
    restoreCrops();
    return m;
  }

  /**
   * Records which pack makes a template model id and its terms, unless recorded already (the
   * transparency report and {@code models} name the pack of every template the gallery holds).
   *
   * @param tx the transaction to join
   * @param store the store
   * @param pack the pack
   * @param now when
   */
  static void recordModel(Transaction tx, Store store, ModelPack pack, java.time.Instant now) {
    store.packs().recordModel(tx, new TemplateModel(pack.templateModelId(), pack.name(),
        pack.licence().id(), pack.licence().use().key(), pack.licence().trainingData(), now));
  }

  private void recordModel(Transaction tx, ModelPack pack) {
    recordModel(tx, store, pack, clock.instant());
  }

  /** Where the migration stands. */
  public Counts counts() {
    return store.packs().counts(begun());
  }

  /** The faces the new pack could not embed, with why. */
  public List<Failure> failures() {
    return store.packs().failures(begun());
  }

  private Migration begun() {
    if (migration == null) {
      throw new IllegalStateException("the migration has not begun");
    }
    return migration;
  }

  /**
   * Re-templates every face of the old model that has no new template and no recorded failure,
   * until none is left (faces ingested meanwhile included).
   *
   * @param actor who migrates, for the batches' audit entries
   * @param threads faces analysed in parallel, at least 1
   * @param listener told after each batch
   * @return where the migration stands at the end
   * @throws candor.core.store.StoreException if the store fails (what committed stays)
   */
  public Counts run(String actor, int threads, Listener listener) {
    Migration m = begun();
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "candor-migrate");
      t.setDaemon(true);
      return t;
    });
    try {
      long after = 0;
      List<Face> faces;
      while (!(faces = store.packs().facesToMigrate(m, after, batch)).isEmpty()) {
        after = faces.getLast().id();
        List<Future<Outcome>> futures = new ArrayList<>();
        for (Face face : faces) {
          futures.add(workers.submit(() -> retemplate(face)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
          outcomes.add(get(f));
        }
        commitBatch(actor, outcomes);
        listener.progressed(store.packs().counts(m));
        if (faces.size() < batch) {
          // faces ingested while this batch ran have higher ids: one more pass from the start finds
          // any left (the loop ends when a pass finds none)
          after = 0;
        }
      }
      return store.packs().counts(m);
    } finally {
      workers.shutdownNow();
    }
  }

  private static Outcome get(Future<Outcome> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the migration was interrupted; run it again to go on", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** What re-templating one face gave. */
  private sealed interface Outcome {
    /** A new template, and the crop to seal under the new face (null without one). */
    record Done(MigratedFace face, byte[] crop) implements Outcome {}

    /** The pack could not embed the face. */
    record Failed(long faceId, String reason) implements Outcome {}
  }

  /** Stores a batch's new faces and failures with its audit entry, then writes the new crops. */
  private void commitBatch(String actor, List<Outcome> outcomes) {
    List<MigratedFace> faces = new ArrayList<>();
    Map<Long, byte[]> crops = new HashMap<>();
    List<Failure> failures = new ArrayList<>();
    for (Outcome o : outcomes) {
      switch (o) {
        case Outcome.Done d -> {
          faces.add(d.face());
          crops.put(d.face().original().id(), d.crop());
        }
        case Outcome.Failed f -> failures.add(new Failure(f.faceId(), f.reason(), clock.instant()));
      }
    }
    Migration m = migration;
    Map<Long, Face> stored = commit.apply(tx -> {
      Map<Long, Face> added = store.packs().addMigratedFaces(tx, faces);
      store.packs().recordFailures(tx, m.id(), failures);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("migration_id", m.id());
      details.put("to_model", m.toModel());
      // [replaced face, new face] pairs: ids only
      details.put("faces", added.entrySet().stream().map(e -> List.of(e.getKey(), e.getValue().id())).toList());
      details.put("unembeddable", failures.stream().map(Failure::faceId).toList());
      details.put("collections", faces.stream().map(f -> f.original().collection()).distinct().sorted().toList());
      store.audit().append(tx, new AuditEvent(actor, "pack.migrate.batch", "pack:" + m.toPack(), details));
      return added;
    });
    for (Map.Entry<Long, Face> e : stored.entrySet()) {
      byte[] crop = crops.get(e.getKey());
      if (crop != null && e.getValue().cropPath() != null) {
        writeSealed(e.getValue(), e.getValue().cropPath(), crop);
      }
    }
  }

  /** Seals bytes under a face and writes them; a face erased meanwhile has no key, and nothing is written. */
  private void writeSealed(Face face, String path, byte[] plaintext) {
    byte[] sealed;
    try {
      sealed = store.gallery().sealCrop(face, plaintext);
    } catch (KeyDestroyedException e) {
      return;
    }
    GalleryFiles.writeAtomically(GalleryFiles.resolve(dataDir, path), sealed);
  }

  /** Writes again the crops of migrated faces that a crash left unwritten. */
  private void restoreCrops() {
    for (Map.Entry<Long, Face> e : store.packs().migratedFaces(migration).entrySet()) {
      Face face = e.getValue();
      if (face.cropPath() == null || Files.exists(GalleryFiles.resolve(dataDir, face.cropPath()))) {
        continue;
      }
      store.gallery().findFace(e.getKey()).flatMap(this::openCrop)
          .ifPresent(crop -> writeSealed(face, face.cropPath(), crop));
    }
  }

  /** Re-templates one face with the new pack (worker thread). */
  private Outcome retemplate(Face face) {
    Optional<Media> media = store.gallery().findMedia(face.collection(), face.mediaSha256());
    Optional<CollectionInfo> collection = store.gallery().findCollection(face.collection());
    if (media.isEmpty() || collection.isEmpty()) {
      return new Outcome.Failed(face.id(), "its image is no longer stored");
    }
    Optional<byte[]> crop = openCrop(face);
    Optional<byte[]> original = collection.get().keepOriginals() ? openOriginal(face) : Optional.empty();
    ImageAnalysis analysis;
    Rectangle region = null; // where the crop lies in the original, when analysing the crop
    try {
      if (original.isPresent()) {
        analysis = target.analyze(loader, original.get(), "original of face " + face.id(), true);
      } else if (crop.isPresent()) {
        analysis = target.analyze(loader, crop.get(), "crop of face " + face.id(), true);
        region = CropGeometry.region(face.box(), media.get().width(), media.get().height());
      } else {
        return new Outcome.Failed(face.id(), "neither a kept original nor a crop to re-template from");
      }
    } catch (VisionException e) {
      return new Outcome.Failed(face.id(), "its " + (original.isPresent() ? "original" : "crop")
          + " cannot be analysed: " + e.getMessage());
    }
    Mapping map = region == null ? Mapping.IDENTITY : new Mapping(region.x, region.y,
        (double) region.width / analysis.width(), (double) region.height / analysis.height());
    candor.vision.Face best = null;
    double bestIou = 0;
    for (candor.vision.Face f : analysis.faces()) {
      double iou = iou(map.toOriginal(VisionRecords.box(f.box())), face.box());
      if (iou > bestIou) {
        bestIou = iou;
        best = f;
      }
    }
    String source = original.isPresent() ? "original" : "crop";
    if (best == null || bestIou < MIN_OVERLAP) {
      return new Outcome.Failed(face.id(), analysis.faces().isEmpty()
          ? "pack " + target.pack().name() + " finds no face in its " + source
          : "pack " + target.pack().name() + " finds " + analysis.faces().size() + " face(s) in its " + source
              + ", none where the stored face is (best overlap " + String.format(java.util.Locale.ROOT, "%.2f",
              bestIou) + ")");
    }
    float[] landmarks = best.landmarks().five();
    for (int i = 0; i < landmarks.length; i += 2) {
      landmarks[i] = (float) map.x(landmarks[i]);
      landmarks[i + 1] = (float) map.y(landmarks[i + 1]);
    }
    candor.vision.Embedding template = best.template();
    String cropPath = face.cropPath() == null || crop.isEmpty() ? null
        : GalleryFiles.migratedCropPath(face.collection(), face.mediaSha256(), face.id(), face.cropSha256());
    FaceDraft draft = new FaceDraft(face.subjectId(), map.toOriginal(VisionRecords.box(best.box())), landmarks,
        VisionRecords.quality(best.quality()), template.modelId(), template.values(), cropPath,
        cropPath == null ? null : face.cropSha256());
    return new Outcome.Done(new MigratedFace(face, draft), cropPath == null ? null : crop.get());
  }

  /** From the analysed image's pixels to the original's: identity, or the crop's region and scale. */
  private record Mapping(double x0, double y0, double sx, double sy) {
    static final Mapping IDENTITY = new Mapping(0, 0, 1, 1);

    double x(double x) {
      return x0 + x * sx;
    }

    double y(double y) {
      return y0 + y * sy;
    }

    BoundingBox toOriginal(BoundingBox b) {
      return new BoundingBox((float) x(b.x()), (float) y(b.y()), (float) (b.width() * sx), (float) (b.height() * sy));
    }
  }

  private static double iou(BoundingBox a, BoundingBox b) {
    double ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
    double iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
    double inter = ix * iy;
    double union = (double) a.width() * a.height() + (double) b.width() * b.height() - inter;
    return union > 0 ? inter / union : 0;
  }

  /** A face's crop, opened; empty without one (or its file, or its key). */
  private Optional<byte[]> openCrop(Face face) {
    if (face.cropPath() == null) {
      return Optional.empty();
    }
    try {
      byte[] sealed = Files.readAllBytes(GalleryFiles.resolve(dataDir, face.cropPath()));
      return Optional.of(store.gallery().openCrop(face, sealed));
    } catch (NoSuchFileException | KeyDestroyedException | DecryptionFailedException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read crop " + face.cropPath(), e);
    }
  }

  /**
   * The kept original of a face's image, opened: it is sealed under one of the image's faces (the
   * first at ingest; after a switch, the first new one), so each is tried.
   */
  private Optional<byte[]> openOriginal(Face face) {
    Path file = GalleryFiles.resolve(dataDir, GalleryFiles.originalPath(face.collection(), face.mediaSha256()));
    byte[] sealed;
    try {
      sealed = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return openSealedOriginal(store, face.collection(), face.mediaSha256(), sealed);
  }

  private static Optional<byte[]> openSealedOriginal(Store store, String collection, String sha256, byte[] sealed) {
    for (candor.core.store.StoredCrop c : store.gallery().cropsInMedia(collection, sha256)) {
      Optional<Face> owner = store.gallery().findFace(c.faceId());
      if (owner.isEmpty()) {
        continue;
      }
      try {
        return Optional.of(store.gallery().openCrop(owner.get(), sealed));
      } catch (DecryptionFailedException | KeyDestroyedException e) {
        // sealed under another face of the image
      }
    }
    return Optional.empty();
  }

  /**
   * What a switch did.
   *
   * @param migration the migration, now switched
   * @param retired the old templates deleted
   * @param left faces left with their old template only (the new pack could not embed them)
   * @param auditSequence the switch's audit entry
   */
  public record Switched(Migration migration, int retired, List<Failure> left, long auditSequence) {
    /** Copies. */
    public Switched {
      left = List.copyOf(left);
    }
  }

  /**
   * Thrown by a switch while faces the new pack cannot embed would be left behind: lists them.
   */
  public static final class UnembeddableFacesException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final transient List<Failure> faces;

    UnembeddableFacesException(Migration m, List<Failure> faces) {
      super(faces.size() + " face" + (faces.size() == 1 ? "" : "s") + " cannot be embedded by pack " + m.toPack()
          + " and would keep only their " + m.fromPack() + " template, which searches with " + m.toPack()
          + " do not compare: erase or re-enrol them, or switch with --leave-unembeddable");
      this.faces = List.copyOf(faces);
    }

    /** The faces, with why. */
    public List<Failure> faces() {
      return faces;
    }
  }

  /**
   * Makes the running migration's pack current: deletes the old templates of every re-templated
   * face (tombstones; the index removes them, commits and expunges their bytes), deletes their
   * crop files (journalled, as an erasure's), records the new pack as current and audits it, in
   * one transaction. Kept originals are sealed again under their image's first new face first.
   *
   * @param gallery the open gallery (its index is updated in step)
   * @param actor who switches
   * @param leaveUnembeddable whether faces the new pack cannot embed may keep only their old
   *     template (they are listed in the result)
   * @param authorization what allowed it, for the audit entry
   * @return what the switch did
   * @throws IllegalStateException if no migration is running or a face has no new template yet
   * @throws UnembeddableFacesException listing the faces the new pack cannot embed, unless left
   */
  public static Switched switchTo(Gallery gallery, String actor, boolean leaveUnembeddable,
      Map<String, Object> authorization) {
    Store store = gallery.store();
    PackStore packs = store.packs();
    Migration m = packs.runningMigration().orElseThrow(() -> new IllegalStateException("no migration is running"));
    Counts counts = packs.counts(m);
    if (counts.pending() > 0) {
      throw new IllegalStateException(counts.pending() + " face(s) still have no " + m.toPack() + " template: run"
          + " candor gallery migrate --to-pack " + m.toPack() + " to finish first");
    }
    List<Failure> failures = packs.failures(m);
    if (!failures.isEmpty() && !leaveUnembeddable) {
      throw new UnembeddableFacesException(m, failures);
    }
    resealOriginals(gallery, m);
    Map<Long, Face> migrated = packs.migratedFaces(m);
    Set<String> files = new LinkedHashSet<>();
    List<PendingErasures.Target> targets = new ArrayList<>();
    for (Long old : migrated.keySet()) {
      targets.add(new PendingErasures.Target.Face(old));
      store.gallery().cropsInMedia(migrated.get(old).collection(), migrated.get(old).mediaSha256()).stream()
          .filter(c -> c.faceId() == old && c.path() != null).forEach(c -> files.add(c.path()));
    }
    AuditEntry[] entry = new AuditEntry[1];
    // The faces' rows go; their media stay, so the journal deletes only the retired crops.
    ErasureReceipt receipt = PendingErasures.run(gallery, targets, files, tx -> {
      ErasureReceipt r = packs.retireReplaced(tx, m, leaveUnembeddable);
      packs.setCurrentPack(tx, new GalleryPack(m.toPack(), m.toModel(), r.at()));
      packs.switched(tx, m.id(), r.at());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("migration_id", m.id());
      details.put("from_pack", m.fromPack());
      details.put("to_pack", m.toPack());
      details.put("from_model", m.fromModel());
      details.put("to_model", m.toModel());
      details.put("templates_retired", r.facesErased());
      details.put("left_unembeddable", failures.stream().map(Failure::faceId).toList());
      details.put("collections", r.faces().stream().map(ErasureReceipt.ErasedFace::collection).distinct()
          .sorted().toList());
      if (!authorization.isEmpty()) {
        details.put("authorization", authorization);
      }
      entry[0] = store.audit().append(tx, new AuditEvent(actor, "pack.migrate.switch", "pack:" + m.toPack(),
          details));
      return r;
    }).receipt();
    Migration done = packs.lastMigration().orElse(m);
    return new Switched(done, receipt.facesErased(), leaveUnembeddable ? failures : List.of(), entry[0].sequence());
  }

  /**
   * Seals each kept original again under the first new face of its image, so that it opens the
   * way it did at ingest (under the image's first face) once the old faces are gone.
   */
  private static void resealOriginals(Gallery gallery, Migration m) {
    Store store = gallery.store();
    Map<String, Face> firstNew = new LinkedHashMap<>();
    for (Face f : store.packs().migratedFaces(m).values()) {
      firstNew.merge(f.collection() + "/" + f.mediaSha256(), f, (a, b) -> a.id() <= b.id() ? a : b);
    }
    for (Face first : firstNew.values()) {
      Path file = GalleryFiles.resolve(gallery.dataDir(), GalleryFiles.originalPath(first.collection(),
          first.mediaSha256()));
      byte[] sealed;
      try {
        sealed = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      Optional<byte[]> plain = openSealedOriginal(store, first.collection(), first.mediaSha256(), sealed);
      if (plain.isPresent()) {
        GalleryFiles.writeAtomically(file, store.gallery().sealCrop(first, plain.get()));
      }
    }
  }
}
