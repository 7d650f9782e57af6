package candor.core.gallery;

import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.InvalidRequestException;
import candor.core.model.Media;
import candor.core.store.ErasureReceipt;
import candor.core.store.GalleryStore;
import candor.core.store.MediaNotFoundException;
import candor.core.store.SubjectNotFoundException;
import candor.core.store.TransactionCallback;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The erasure use case: removes a subject, or an image, from everywhere it is kept.
 *
 * <p><b>Steps.</b> (1) A journal of the files to delete is written. (2) One store transaction
 * deletes the rows, writes tombstones, destroys the data keys and appends the audit entry. (3) The
 * faces leave the vector index, which commits and expunges their bytes from its files. (4) The
 * crop and original files are deleted and the journal with them. A crash after (2) is finished on
 * the next open: the index replays the tombstones (and expunges), the journal's files are deleted.
 *
 * <p><b>What goes.</b> Erasing a subject removes their faces, their crops, the images left with
 * no face, and the kept originals of every image they appear in (the photo shows them, even when
 * other people's faces in it stay). Erasing an image removes it and every face found in it (the
 * subjects stay, with their other faces).
 *
 * <p><b>Privacy.</b> The audit entry ({@code subject.erase}, {@code media.erase}) records ids and
 * counts, never the subject's name, reference or face data.
 *
 * <p>Thread-safe.
 */
public final class ErasureService {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Gallery gallery;

  /**
   * Creates the service.
   *
   * @param gallery the open gallery
   */
  public ErasureService(Gallery gallery) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
  }

  /**
   * Erases a subject.
   *
   * @param actor who erases
   * @param subjectId the subject
   * @return the receipt
   * @throws SubjectNotFoundException if the subject does not exist
   * @throws candor.core.store.StoreException if the store fails (nothing is erased)
   * @throws candor.index.IndexException if the index fails after the store erased (the next open
   *     finishes the erasure)
   */
  public ErasureResult eraseSubject(String actor, UUID subjectId) {
    Objects.requireNonNull(subjectId, "subjectId");
    checkActor(actor);
    GalleryStore records = gallery.store().gallery();
    if (records.findSubject(subjectId).isEmpty()) {
      throw new SubjectNotFoundException(subjectId);
    }
    Set<String> files = new LinkedHashSet<>();
    for (Face face : records.facesOfSubject(subjectId)) {
      if (face.cropPath() != null) {
        files.add(face.cropPath());
      }
      files.add(GalleryFiles.originalPath(face.collection(), face.mediaSha256()));
    }
    return erase("subject " + subjectId, "subject.erase", "subject:" + subjectId, actor,
        List.of(new PendingErasures.Target.Subject(subjectId)), files,
        tx -> records.eraseSubject(tx, subjectId));
  }

  /**
   * Checks and normalises an image's SHA-256 as a client gives it, before it is used (or audited).
   *
   * @param sha256 64 hex digits, upper case accepted, surrounding blanks ignored
   * @return the digest in lower case
   * @throws InvalidRequestException if it is not 64 hex digits (message {@code "media must be a
   *     SHA-256: 64 hex digits, got 'x'"}, the value shortened to 80 characters)
   */
  public static String mediaDigest(String sha256) {
    Objects.requireNonNull(sha256, "sha256");
    String sha = sha256.strip().toLowerCase(Locale.ROOT);
    if (SHA256.matcher(sha).matches() == false) {
      throw new InvalidRequestException("media must be a SHA-256: 64 hex digits, got '"
          + (sha256.length() <= 80 ? sha256 : sha256.substring(0, 77) + "...") + "'");
    }
    return sha;
  }

  /**
   * Erases an image from one collection, or from every collection that holds it.
   *
   * @param actor who erases
   * @param sha256 the image's SHA-256, 64 hex digits (upper case accepted)
   * @param collection the collection, or empty for every collection holding the image
   * @return the receipt
   * @throws InvalidRequestException if {@code sha256} is not 64 hex digits (message {@code
   *     "media must be a SHA-256: 64 hex digits, got 'x'"})
   * @throws MediaNotFoundException if the collection does not hold the image
   * @throws UnknownMediaException if no collection holds it
   */
  public ErasureResult eraseMedia(String actor, String sha256, Optional<String> collection) {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(collection, "collection");
    checkActor(actor);
    String sha = mediaDigest(sha256);
    GalleryStore records = gallery.store().gallery();
    List<String> collections = new ArrayList<>();
    if (collection.isPresent()) {
      if (records.findMedia(collection.get(), sha).isEmpty()) {
        throw new MediaNotFoundException(collection.get(), sha);
      }
      collections.add(collection.get());
    } else {
      for (CollectionInfo info : records.listCollections()) {
        if (records.findMedia(info.name(), sha).isPresent()) {
          collections.add(info.name());
        }
      }
      if (collections.isEmpty()) {
        throw new UnknownMediaException(sha);
      }
    }
    return eraseFrom(actor, sha, collections);
  }

  /**
   * Erases an image from every collection that holds it and that {@code within} accepts (such
   * as the collections a principal is granted), with one receipt.
   *
   * @param actor who erases
   * @param sha256 the image's SHA-256, 64 hex digits (upper case accepted)
   * @param within which collections may be erased from
   * @return the receipt
   * @throws IllegalArgumentException if {@code sha256} is not 64 hex digits
   * @throws UnknownMediaException if no accepted collection holds it
   */
  public ErasureResult eraseMedia(String actor, String sha256, Predicate<String> within) {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(within, "within");
    checkActor(actor);
    String sha = mediaDigest(sha256);
    GalleryStore records = gallery.store().gallery();
    List<String> collections = new ArrayList<>();
    for (CollectionInfo info : records.listCollections()) {
      if (within.test(info.name()) && records.findMedia(info.name(), sha).isPresent()) {
        collections.add(info.name());
      }
    }
    if (collections.isEmpty()) {
      throw new UnknownMediaException(sha);
    }
    return eraseFrom(actor, sha, collections);
  }

  private ErasureResult eraseFrom(String actor, String sha, List<String> collections) {
    GalleryStore records = gallery.store().gallery();
    Set<String> files = new LinkedHashSet<>();
    List<PendingErasures.Target> targets = new ArrayList<>();
    for (String c : collections) {
      targets.add(new PendingErasures.Target.Media(c, sha));
      files.add(GalleryFiles.originalPath(c, sha));
      for (Face face : records.facesInMedia(c, sha)) {
        if (face.cropPath() != null) {
          files.add(face.cropPath());
        }
      }
    }
    return erase("media " + sha, "media.erase", "media:" + sha, actor, targets, files, tx -> {
      ErasureReceipt merged = null;
      for (String c : collections) {
        ErasureReceipt one = records.eraseMedia(tx, c, sha);
        merged = merged == null ? one : merge(merged, one);
      }
      return merged;
    });
  }

  private ErasureResult erase(String what, String action, String object, String actor,
      List<PendingErasures.Target> targets, Set<String> files,
      TransactionCallback<ErasureReceipt, RuntimeException> storeErasure) {
    AtomicReference<AuditEntry> entry = new AtomicReference<>();
    PendingErasures.Outcome done = PendingErasures.run(gallery, targets, files, tx -> {
      ErasureReceipt r = storeErasure.run(tx);
      entry.set(gallery.store().audit().append(tx,
          new AuditEvent(actor, action, object, auditDetails(r))));
      return r;
    });
    ErasureReceipt receipt = done.receipt();
    return new ErasureResult(what, receipt.at(), receipt.facesErased(), receipt.mediaErased(),
        receipt.subjectsErased(), done.filesDeleted(), receipt.subjects(),
        receipt.media().stream().map(m -> m.collection() + "/" + m.sha256()).toList(),
        entry.get().sequence());
  }

  private static Map<String, Object> auditDetails(ErasureReceipt receipt) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("faces_erased", receipt.facesErased());
    details.put("media_erased", receipt.mediaErased());
    details.put("subjects_erased", receipt.subjectsErased());
    details.put("face_ids", receipt.faceIds());
    details.put("media", receipt.media().stream()
        .map(m -> m.collection() + "/" + m.sha256()).toList());
    details.put("subject_ids", receipt.subjects().stream().map(UUID::toString).toList());
    // The collections erased from, so that an auditor granted them (and only them) reads it.
    Set<String> collections = new TreeSet<>();
    receipt.faces().forEach(f -> collections.add(f.collection()));
    receipt.media().forEach(m -> collections.add(m.collection()));
    details.put("collections", List.copyOf(collections));
    return details;
  }

  private static ErasureReceipt merge(ErasureReceipt a, ErasureReceipt b) {
    List<ErasureReceipt.ErasedFace> faces = new ArrayList<>(a.faces());
    faces.addAll(b.faces());
    List<Media> media = new ArrayList<>(a.media());
    media.addAll(b.media());
    List<UUID> subjects = new ArrayList<>(a.subjects());
    subjects.addAll(b.subjects());
    return new ErasureReceipt(b.at(), faces, media, subjects);
  }

  private static void checkActor(String actor) {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("an erasure requires an actor");
    }
  }
}
