package candor.core.access;

import static candor.core.access.Wiring.scope;
import static candor.core.access.Wiring.uploadDetails;

import candor.core.audit.AuditEvent;
import candor.core.eval.FaceChoice;
import candor.core.gallery.CollectionService;
import candor.core.gallery.ErasureResult;
import candor.core.gallery.ErasureService;
import candor.core.gallery.IngestProgress;
import candor.core.gallery.IngestRequest;
import candor.core.gallery.IngestService;
import candor.core.gallery.IngestSource;
import candor.core.gallery.SubjectListing;
import candor.core.gallery.UnknownMediaException;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.InvalidRequestException;
import candor.core.model.LawfulBasis;
import candor.core.model.Subject;
import candor.core.policy.Action;
import candor.core.policy.CollectionGrant;
import candor.core.policy.PolicyDecision;
import candor.core.policy.Principal;
import candor.core.store.CollectionNotFoundException;
import candor.core.store.FaceNotFoundException;
import candor.core.store.MediaNotFoundException;
import candor.core.store.SubjectNotFoundException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The people and photos of the gallery as a resource: subjects with their lawful basis, their
 * photos, unlabelled media, bulk ingests, face crops and erasure. Each operation is checked by
 * the guard and audited; a subject, face or photo in a collection the principal is not granted
 * answers exactly as an unknown one (the denial is audited).
 *
 * <p>Privacy: passes face photos to the pipeline and the gallery, which seal what they keep;
 * uploads are ingested from memory and never written to disk unsealed.
 *
 * <p>Thread-safe.
 */
public final class SubjectOperations {

  private final Wiring w;
  private final CollectionService collections;
  private final IngestService ingest;
  private final ErasureService erasure;

  SubjectOperations(Wiring w, CollectionService collections, IngestService ingest,
      ErasureService erasure) {
    this.w = Objects.requireNonNull(w, "w");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.ingest = Objects.requireNonNull(ingest, "ingest");
    this.erasure = Objects.requireNonNull(erasure, "erasure");
  }

  /**
   * Enrols a subject with their lawful basis, audited ({@code subject.create}) in the same
   * transaction. The audit records the basis and dates, not the person's name or reference.
   *
   * @param p who asks (an enroller granted the collection)
   * @param request the subject
   * @return the stored subject
   * @throws CollectionNotFoundException if the collection does not exist or is not granted
   * @throws candor.core.store.DuplicateSubjectException if the reference is taken
   * @throws InvalidRequestException if the retain-until date is past or beyond the collection's
   *     retention
   */
  public Subject createSubject(Principal p, NewSubject request) {
    Objects.requireNonNull(request, "request");
    PolicyDecision decision = w.guard().requireOrHide(p, Action.SUBJECT_ENROL,
        scope(request.collection()), "collection:" + request.collection(),
        () -> new CollectionNotFoundException(request.collection()));
    CollectionInfo collection = collections.find(request.collection())
        .orElseThrow(() -> new CollectionNotFoundException(request.collection()));
    LocalDate today = LocalDate.now(w.clock().withZone(ZoneOffset.UTC));
    LocalDate limit = today.plus(collection.retention());
    LocalDate until = request.retainUntil() == null ? limit : request.retainUntil();
    if (until.isBefore(today)) {
      throw new InvalidRequestException("retainUntil " + until + " is in the past");
    }
    if (until.isAfter(limit)) {
      throw new InvalidRequestException("retainUntil " + until + " is beyond what collection '"
          + collection.name() + "' keeps (" + collection.retention() + ", so at most " + limit
          + ")");
    }
    Subject subject = new Subject(UUID.randomUUID(), request.collection(), request.externalRef(),
        request.displayName(), request.basis(), until, w.clock().instant());
    return w.store().inTransaction(tx -> {
      Subject stored = w.store().gallery().createSubject(tx, subject);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("collection", stored.collection());
      details.put("basis_kind", stored.basis().kind().name().toLowerCase(Locale.ROOT));
      details.put("basis_reference", stored.basis().reference());
      details.put("retain_until", stored.retainUntil());
      details.put("policy", decision.auditDetails());
      w.store().audit().append(tx, new AuditEvent(p.actor(), "subject.create",
          "subject:" + stored.id(), details));
      return stored;
    });
  }

  /**
   * Looks up a subject with their faces' count; the read is audited ({@code policy.allow}).
   *
   * @param p who asks (granted the subject's collection)
   * @param id the subject
   * @return the subject and face count
   * @throws SubjectNotFoundException if there is no such subject, or it is not granted
   */
  public SubjectListing subject(Principal p, UUID id) {
    Subject subject = visibleSubject(p, Action.SUBJECT_READ, id);
    w.guard().record(w.guard().require(p, Action.SUBJECT_READ, scope(subject.collection())),
        "subject:" + id, Map.of());
    return new SubjectListing(subject, w.store().gallery().facesOfSubject(id).size());
  }

  /**
   * Lists the subjects (those with at least one face) of a collection, or of every collection
   * the principal is granted; audited.
   *
   * @param p who asks (granted the collection)
   * @param collection the collection, or empty for every granted one
   * @return the subjects with face counts
   * @throws CollectionNotFoundException if the collection does not exist or is not granted
   */
  public List<SubjectListing> listSubjects(Principal p, Optional<String> collection) {
    if (collection.isPresent()) {
      String name = collection.get();
      w.guard().record(w.guard().requireOrHide(p, Action.SUBJECT_READ, scope(name),
          "collection:" + name, () -> new CollectionNotFoundException(name)),
          "collection:" + name, Map.of("listing", "subjects"));
      if (collections.find(name).isEmpty()) {
        throw new CollectionNotFoundException(name);
      }
      return collections.subjects(collection);
    }
    w.guard().requireAndRecord(p, Action.SUBJECT_READ, scope(), "collections",
        Map.of("listing", "subjects"));
    return collections.subjects(Optional.empty()).stream()
        .filter(l -> p.grant().covers(l.subject().collection())).toList();
  }

  /**
   * Lists one collection's subjects; audited.
   *
   * @param p who asks (granted the collection)
   * @param collection the collection
   * @return the subjects with face counts
   * @throws CollectionNotFoundException if the collection does not exist or is not granted
   */
  public List<SubjectListing> listSubjects(Principal p, String collection) {
    return listSubjects(p, Optional.of(collection));
  }

  /**
   * Adds photos of an enrolled subject: only the largest face of each photo is stored, as the
   * subject's; the other people in a photo are not enrolled.
   *
   * @param p who asks (an enroller granted the subject's collection)
   * @param subjectId the subject
   * @param photos the photos
   * @return what the ingest did; photos without a face or unreadable are reported, not thrown
   * @throws SubjectNotFoundException if there is no such subject, or it is not granted
   */
  public candor.core.gallery.IngestSummary enrol(Principal p, UUID subjectId,
      List<Upload> photos) {
    Subject subject = visibleSubject(p, Action.SUBJECT_ENROL, subjectId);
    w.guard().requireAndRecord(p, Action.SUBJECT_ENROL, scope(subject.collection()),
        "subject:" + subjectId, uploadDetails(photos));
    IngestRequest request = new IngestRequest(subject.collection(), subject.basis(),
        subject.retainUntil(), "upload:", p.actor(), true, FaceChoice.LARGEST, null, 1,
        IngestRequest.DEFAULT_COMMIT_EVERY);
    return ingestUploads(request, subject.externalRef(), photos);
  }

  /**
   * Ingests unlabelled photos: every face found is stored, without a subject.
   *
   * @param p who asks (an enroller granted the collection)
   * @param collection the collection
   * @param basis the lawful basis of the photos, or {@code null} for the collection's default
   * @param photos the photos
   * @return what the ingest did
   * @throws CollectionNotFoundException if the collection does not exist or is not granted
   */
  public candor.core.gallery.IngestSummary ingestMedia(Principal p, String collection,
      LawfulBasis basis, List<Upload> photos) {
    w.guard().requireOrHide(p, Action.MEDIA_INGEST, scope(collection),
        "collection:" + collection, () -> new CollectionNotFoundException(collection));
    CollectionInfo info = collections.find(collection)
        .orElseThrow(() -> new CollectionNotFoundException(collection));
    w.guard().requireAndRecord(p, Action.MEDIA_INGEST, scope(collection),
        "collection:" + collection, uploadDetails(photos));
    IngestRequest request = new IngestRequest(collection,
        basis == null ? info.defaultBasis() : basis, null, "upload:", p.actor(), false,
        FaceChoice.LARGEST, null, 1, IngestRequest.DEFAULT_COMMIT_EVERY);
    return ingestUploads(request, "media", photos);
  }

  /**
   * Ingests a batch of images (files, folders, archives) into an existing collection, as the
   * principal: with subjects from folders it enrols ({@link Action#SUBJECT_ENROL}), otherwise it
   * ingests media ({@link Action#MEDIA_INGEST}). The decision is audited before the ingest runs,
   * with the number of images; each stored image gets its own audit entry as usual. The request's
   * actor is replaced by the principal's, and a collection is never created here (an admin
   * creates collections).
   *
   * @param p who asks (an enroller granted the collection)
   * @param request what to ingest and how; its actor and collection creation are ignored
   * @param source the images
   * @param listener progress, called from the ingest's threads
   * @return what the ingest did
   * @throws CollectionNotFoundException if the collection does not exist or is not granted
   */
  public candor.core.gallery.IngestSummary ingest(Principal p, IngestRequest request,
      IngestSource source, IngestProgress.Listener listener) {
    Objects.requireNonNull(request, "request");
    String collection = request.collection();
    Action action = request.subjectsFromFolders() ? Action.SUBJECT_ENROL : Action.MEDIA_INGEST;
    w.guard().requireOrHide(p, action, scope(collection), "collection:" + collection,
        () -> new CollectionNotFoundException(collection));
    if (collections.find(collection).isEmpty()) {
      throw new CollectionNotFoundException(collection);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("files", source.items().size());
    details.put("subjects_from_folders", request.subjectsFromFolders());
    w.guard().requireAndRecord(p, action, scope(collection), "collection:" + collection,
        details);
    IngestRequest asPrincipal = new IngestRequest(collection, request.basis(),
        request.retainUntil(), request.source(), p.actor(), request.subjectsFromFolders(),
        request.subjectFace(), null, request.threads(), request.commitEvery());
    return ingest.ingest(asPrincipal, source, listener);
  }

  /** Ingests uploads from memory, each named after its position and its upload name. */
  private candor.core.gallery.IngestSummary ingestUploads(IngestRequest request, String folder,
      List<Upload> photos) {
    if (photos.isEmpty()) {
      throw new InvalidRequestException("no photo was uploaded");
    }
    List<Map.Entry<String, byte[]>> images = new ArrayList<>(photos.size());
    int i = 0;
    for (Upload photo : photos) {
      images.add(new AbstractMap.SimpleImmutableEntry<>(
          String.format(Locale.ROOT, "%03d-%s", ++i, safe(photo.name())), photo.bytes()));
    }
    try (IngestSource source = IngestSource.ofMemory(folder, images)) {
      return ingest.ingest(request, source, IngestProgress.Listener.NONE);
    }
  }

  /**
   * Returns a stored face's crop, for a reviewer to compare with the probe.
   *
   * <p>Privacy: returns a face image; not audited per crop (the search that listed the face is).
   *
   * @param p who asks (granted the face's collection)
   * @param publicId the face's public id
   * @return the crop's JPEG bytes, or empty if the face has no crop
   * @throws FaceNotFoundException if there is no such face, or it is not granted
   */
  public Optional<byte[]> faceCrop(Principal p, String publicId) {
    long faceId = w.ids().face(publicId);
    Face face = w.store().gallery().findFace(faceId)
        .orElseThrow(() -> new FaceNotFoundException(publicId));
    w.guard().requireOrHide(p, Action.SUBJECT_READ, scope(face.collection()), "face:" + faceId,
        () -> new FaceNotFoundException(publicId));
    return w.gallery().openCrop(face);
  }

  /**
   * Erases a subject with their faces, crops and index entries.
   *
   * @param p who asks (granted the subject's collection)
   * @param id the subject
   * @return the receipt
   * @throws SubjectNotFoundException if there is no such subject, or it is not granted
   */
  public ErasureResult eraseSubject(Principal p, UUID id) {
    Subject subject = visibleSubject(p, Action.ERASE, id);
    w.guard().requireAndRecord(p, Action.ERASE, scope(subject.collection()), "subject:" + id,
        Map.of());
    return erasure.eraseSubject(p.actor(), id);
  }

  /**
   * Erases a photo from a collection, with every face found in it.
   *
   * @param p who asks (granted the collection)
   * @param collection the collection
   * @param sha256 the photo's SHA-256
   * @return the receipt
   * @throws MediaNotFoundException if the collection does not hold it, or is not granted
   */
  public ErasureResult eraseMedia(Principal p, String collection, String sha256) {
    String sha = ErasureService.mediaDigest(sha256); // checked before it is audited
    w.guard().requireOrHide(p, Action.ERASE, scope(collection), "media:" + sha,
        () -> new MediaNotFoundException(collection, sha));
    w.guard().requireAndRecord(p, Action.ERASE, scope(collection), "media:" + sha, Map.of());
    return erasure.eraseMedia(p.actor(), sha, Optional.of(collection));
  }

  /**
   * Erases a photo from every collection the principal is granted that holds it.
   *
   * @param p who asks (granted the collections)
   * @param sha256 the photo's SHA-256
   * @return the receipt
   * @throws UnknownMediaException if no granted collection holds it
   * @throws candor.core.model.InvalidRequestException if {@code sha256} is not 64 hex digits
   */
  public ErasureResult eraseMedia(Principal p, String sha256) {
    String sha = ErasureService.mediaDigest(sha256);
    List<String> holders = collections.list().stream().map(CollectionInfo::name)
        .filter(c -> p.grant().covers(c))
        .filter(c -> w.store().gallery().findMedia(c, sha).isPresent()).toList();
    if (holders.isEmpty()) {
      w.guard().require(p, Action.ERASE);
      throw new UnknownMediaException(sha);
    }
    w.guard().requireAndRecord(p, Action.ERASE, CollectionGrant.of(holders), "media:" + sha,
        Map.of());
    return erasure.eraseMedia(p.actor(), sha, holders::contains);
  }

  /** The subject, if it exists and the principal is granted its collection for the action. */
  private Subject visibleSubject(Principal p, Action action, UUID id) {
    Subject subject = w.store().gallery().findSubject(id)
        .orElseThrow(() -> new SubjectNotFoundException(id));
    w.guard().requireOrHide(p, action, scope(subject.collection()), "subject:" + id,
        () -> new SubjectNotFoundException(id));
    return subject;
  }

  private static String safe(String name) {
    String base = name.replace('\\', '/');
    base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
    if (base.isEmpty() || base.startsWith(".")) {
      base = "photo" + base;
    }
    String lower = base.toLowerCase(Locale.ROOT);
    if (IngestSource.IMAGE_EXTENSIONS.stream().noneMatch(lower::endsWith)) {
      base = base + ".jpg"; // the ingest lists images by extension; the loader sniffs the format
    }
    return base.length() > 100 ? base.substring(base.length() - 100) : base;
  }
}
