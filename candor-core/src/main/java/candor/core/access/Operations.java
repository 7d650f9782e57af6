package candor.core.access;

import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.audit.ChainVerification;
import candor.core.eval.FaceChoice;
import candor.core.gallery.Calibration;
import candor.core.gallery.CollectionService;
import candor.core.gallery.ErasureResult;
import candor.core.gallery.ErasureService;
import candor.core.gallery.Gallery;
import candor.core.gallery.IngestProgress;
import candor.core.gallery.IngestRequest;
import candor.core.gallery.IngestService;
import candor.core.gallery.IngestSource;
import candor.core.gallery.IngestSummary;
import candor.core.gallery.SearchPurpose;
import candor.core.gallery.SearchQuery;
import candor.core.gallery.SearchResult;
import candor.core.gallery.SearchService;
import candor.core.gallery.SubjectListing;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.InvalidRequestException;
import candor.core.model.LawfulBasis;
import candor.core.model.Subject;
import candor.core.policy.Action;
import candor.core.policy.Approval;
import candor.core.policy.ApprovalRequest;
import candor.core.policy.ApprovalRequiredException;
import candor.core.policy.CandidateStatus;
import candor.core.policy.CollectionGrant;
import candor.core.policy.Guard;
import candor.core.policy.Policy;
import candor.core.policy.PolicyConfig;
import candor.core.policy.PolicyDecision;
import candor.core.policy.Principal;
import candor.core.policy.Reviews;
import candor.core.policy.SearchApprovals;
import candor.core.policy.SearchRecord;
import candor.core.policy.Verdict;
import candor.core.retention.RetentionReport;
import candor.core.retention.RetentionSchedule;
import candor.core.retention.RetentionSweeper;
import candor.core.store.CollectionNotFoundException;
import candor.core.store.FaceNotFoundException;
import candor.core.store.Store;
import candor.core.store.SubjectNotFoundException;
import candor.core.transparency.Transparency;
import candor.core.transparency.TransparencyReport;
import candor.vision.FacePipeline;
import candor.vision.ImageAnalysis;
import candor.vision.image.ImageLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Everything Candor offers its users, each operation checked against the policy and audited:
 * the one entry point of the HTTP API (and of anything else that acts for an authenticated
 * principal). It holds no rule of its own beyond calling the {@link Guard} first; the rules live
 * in {@link Policy}, the use cases in {@code candor.core.gallery}.
 *
 * <p>For each operation: the principal's role and collection grant are decided; a denial is
 * audited and thrown as {@link candor.core.policy.AccessDeniedException}; an allowed operation
 * records its decision with its own audit entry, in its transaction where this package writes
 * it (keys, subjects, approvals, reviews), or just before the gallery's use case runs and
 * writes its own entry (search, ingest, enrolment, erasure, detect, compare).
 *
 * <p>Privacy: passes face photos through to the pipeline and the gallery; keeps none itself
 * except enrolment uploads, written under the data directory's {@code tmp/} for the ingest to
 * read and deleted when it returns.
 *
 * <p>Thread-safe. The caller closes the gallery and pipeline it passed.
 */
public final class Operations {

  private static final HexFormat HEX = HexFormat.of();

  private final Gallery gallery;
  private final Store store;
  private final FacePipeline pipeline;
  private final ImageLoader loader;
  private final Clock clock;
  private final Guard guard;
  private final ApiKeys keys;
  private final SearchApprovals approvals;
  private final Reviews reviews;
  private final CollectionService collections;
  private final SearchService search;
  private final IngestService ingest;
  private final ErasureService erasure;
  private final RetentionSweeper retention;
  private final Transparency transparency;

  /**
   * Creates the operations over an open gallery and face engine.
   *
   * @param gallery the open gallery
   * @param pipeline the face engine (its model must be the gallery's)
   * @param loader the image loader, with the upload limits
   * @param config the deployment's policy choices
   * @param clock the clock for dates and times
   */
  public Operations(Gallery gallery, FacePipeline pipeline, ImageLoader loader,
      PolicyConfig config, Clock clock) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
    this.store = gallery.store();
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.guard = new Guard(store, new Policy(config));
    this.keys = new ApiKeys(store, clock, new java.security.SecureRandom());
    this.approvals = new SearchApprovals(store, config, clock);
    this.reviews = new Reviews(store, clock);
    this.collections = new CollectionService(gallery);
    this.search = new SearchService(gallery, pipeline, loader);
    this.ingest = new IngestService(gallery, pipeline, loader);
    this.erasure = new ErasureService(gallery);
    this.retention = new RetentionSweeper(gallery, erasure, clock);
    this.transparency = new Transparency(store.audit(), clock);
  }

  /**
   * Returns the API keys, to authenticate requests and issue the first admin key.
   *
   * @return the key service
   */
  public ApiKeys keys() {
    return keys;
  }

  /**
   * Returns the policy in force.
   *
   * @return the policy
   */
  public Policy policy() {
    return guard.policy();
  }

  /**
   * Returns the gallery, for read-only figures such as the index size.
   *
   * @return the gallery
   */
  public Gallery gallery() {
    return gallery;
  }

  /**
   * Returns the retention sweeper, for the service's daily schedule.
   *
   * @return the sweeper
   */
  public RetentionSweeper retention() {
    return retention;
  }

  // ---- keys ----------------------------------------------------------------------------------

  /**
   * Issues an API key.
   *
   * @param p who asks (an admin)
   * @param request role, grant and name
   * @return the key and its token, to show once
   */
  public IssuedKey createKey(Principal p, NewKey request) {
    return keys.create(guard.require(p, Action.KEYS_MANAGE), request);
  }

  /**
   * Revokes an API key.
   *
   * @param p who asks (an admin)
   * @param id the key's id
   * @return the key as now stored
   * @throws KeyNotFoundException if there is no such key
   */
  public ApiKey revokeKey(Principal p, String id) {
    return keys.revoke(guard.require(p, Action.KEYS_MANAGE), id);
  }

  /**
   * Lists the API keys.
   *
   * @param p who asks (an admin)
   * @return every key, without secrets
   */
  public List<ApiKey> listKeys(Principal p) {
    guard.require(p, Action.KEYS_MANAGE);
    return keys.list();
  }

  // ---- collections ---------------------------------------------------------------------------

  /**
   * Creates a collection.
   *
   * @param p who asks (an admin)
   * @param collection what it states
   * @return the stored collection
   */
  public CollectionInfo createCollection(Principal p, CollectionService.NewCollection collection) {
    Objects.requireNonNull(collection, "collection");
    PolicyDecision decision = guard.require(p, Action.COLLECTION_CREATE);
    guard.record(decision, "collection:" + collection.name(), Map.of());
    return collections.create(p.actor(), collection);
  }

  /**
   * Lists the collections the principal is granted.
   *
   * @param p who asks
   * @return the granted collections, by name
   */
  public List<CollectionInfo> listCollections(Principal p) {
    guard.require(p, Action.COLLECTION_READ);
    return collections.list().stream().filter(c -> p.grant().covers(c.name())).toList();
  }

  /**
   * Looks up a collection.
   *
   * @param p who asks
   * @param name the collection
   * @return the collection
   * @throws CollectionNotFoundException if there is none by that name
   */
  public CollectionInfo collection(Principal p, String name) {
    guard.require(p, Action.COLLECTION_READ, scope(name));
    return collections.find(name).orElseThrow(() -> new CollectionNotFoundException(name));
  }

  // ---- subjects ------------------------------------------------------------------------------

  /**
   * Enrols a subject with their lawful basis, audited ({@code subject.create}) in the same
   * transaction. The audit records the basis and dates, not the person's name or reference.
   *
   * @param p who asks (an enroller granted the collection)
   * @param request the subject
   * @return the stored subject
   * @throws CollectionNotFoundException if the collection does not exist
   * @throws candor.core.store.DuplicateSubjectException if the reference is taken
   * @throws InvalidRequestException if the retain-until date is past or beyond the collection's
   *     retention
   */
  public Subject createSubject(Principal p, NewSubject request) {
    Objects.requireNonNull(request, "request");
    PolicyDecision decision = guard.require(p, Action.SUBJECT_ENROL, scope(request.collection()));
    CollectionInfo collection = collections.find(request.collection())
        .orElseThrow(() -> new CollectionNotFoundException(request.collection()));
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
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
        request.displayName(), request.basis(), until, clock.instant());
    return store.inTransaction(tx -> {
      Subject stored = store.gallery().createSubject(tx, subject);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("collection", stored.collection());
      details.put("basis_kind", stored.basis().kind().name().toLowerCase(Locale.ROOT));
      details.put("basis_reference", stored.basis().reference());
      details.put("retain_until", stored.retainUntil());
      details.put("policy", decision.auditDetails());
      store.audit().append(tx, new AuditEvent(p.actor(), "subject.create",
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
   * @throws SubjectNotFoundException if there is no such subject
   */
  public SubjectListing subject(Principal p, UUID id) {
    Subject subject = store.gallery().findSubject(id)
        .orElseThrow(() -> new SubjectNotFoundException(id));
    guard.requireAndRecord(p, Action.SUBJECT_READ, scope(subject.collection()),
        "subject:" + id, Map.of());
    return new SubjectListing(subject, store.gallery().facesOfSubject(id).size());
  }

  /**
   * Lists a collection's subjects (those with at least one face); audited.
   *
   * @param p who asks (granted the collection)
   * @param collection the collection
   * @return the subjects with face counts
   * @throws CollectionNotFoundException if the collection does not exist
   */
  public List<SubjectListing> listSubjects(Principal p, String collection) {
    guard.requireAndRecord(p, Action.SUBJECT_READ, scope(collection),
        "collection:" + collection, Map.of("listing", "subjects"));
    return collections.subjects(Optional.of(collection));
  }

  /**
   * Adds photos of an enrolled subject: only the largest face of each photo is stored, as the
   * subject's; the other people in a photo are not enrolled.
   *
   * @param p who asks (an enroller granted the subject's collection)
   * @param subjectId the subject
   * @param photos the photos
   * @return what the ingest did; photos without a face or unreadable are reported, not thrown
   * @throws SubjectNotFoundException if there is no such subject
   */
  public IngestSummary enrol(Principal p, UUID subjectId, List<Upload> photos) {
    Subject subject = store.gallery().findSubject(subjectId)
        .orElseThrow(() -> new SubjectNotFoundException(subjectId));
    guard.requireAndRecord(p, Action.SUBJECT_ENROL, scope(subject.collection()),
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
   * @throws CollectionNotFoundException if the collection does not exist
   */
  public IngestSummary ingestMedia(Principal p, String collection, LawfulBasis basis,
      List<Upload> photos) {
    guard.require(p, Action.MEDIA_INGEST, scope(collection));
    CollectionInfo info = collections.find(collection)
        .orElseThrow(() -> new CollectionNotFoundException(collection));
    guard.requireAndRecord(p, Action.MEDIA_INGEST, scope(collection),
        "collection:" + collection, uploadDetails(photos));
    IngestRequest request = new IngestRequest(collection,
        basis == null ? info.defaultBasis() : basis, null, "upload:", p.actor(), false,
        FaceChoice.LARGEST, null, 1, IngestRequest.DEFAULT_COMMIT_EVERY);
    return ingestUploads(request, "media", photos);
  }

  /**
   * Writes uploads under {@code tmp/} in a folder named {@code folder}, ingests them and deletes
   * them.
   */
  private IngestSummary ingestUploads(IngestRequest request, String folder, List<Upload> photos) {
    if (photos.isEmpty()) {
      throw new InvalidRequestException("no photo was uploaded");
    }
    Path root = gallery.dataDir().resolve("tmp").resolve("upload-" + UUID.randomUUID());
    try {
      Path dir = root.resolve(folder);
      Files.createDirectories(dir);
      int i = 0;
      for (Upload photo : photos) {
        Files.write(dir.resolve(String.format(Locale.ROOT, "%03d-%s", ++i, safe(photo.name()))),
            photo.bytes());
      }
      try (IngestSource source = IngestSource.scan(List.of(dir), false)) {
        return ingest.ingest(request, source, IngestProgress.Listener.NONE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the uploaded photos: " + e.getMessage(), e);
    } finally {
      deleteQuietly(root);
    }
  }

  // ---- engine ---------------------------------------------------------------------------------

  /**
   * Detects faces in a photo; nothing is stored. The request is audited with the photo's digest.
   *
   * @param p who asks
   * @param photo the photo
   * @return the faces found, without templates
   */
  public ImageAnalysis detect(Principal p, Upload photo) {
    guard.requireAndRecord(p, Action.DETECT, scope(), "media:" + sha256(photo.bytes()),
        Map.of());
    return pipeline.analyze(loader, photo.bytes(), photo.name(), false);
  }

  /**
   * Compares the largest face of two photos; nothing is stored. Audited with both digests.
   *
   * @param p who asks
   * @param a the first photo
   * @param b the second photo
   * @return the similarity and its estimated false match rate
   * @throws InvalidRequestException if a photo has no face (message {@code "b.jpg: no face
   *     found"})
   */
  public Comparison compare(Principal p, Upload a, Upload b) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("a_sha256", sha256(a.bytes()));
    details.put("b_sha256", sha256(b.bytes()));
    guard.requireAndRecord(p, Action.COMPARE, scope(), "compare", details);
    candor.vision.Face fa = largest(a);
    candor.vision.Face fb = largest(b);
    float similarity = fa.template().similarity(fb.template());
    String model = fa.template().modelId();
    return new Comparison(similarity,
        Calibration.forModel(model).map(c -> c.estimate(similarity)).orElse(null), model,
        fa.box(), fb.box());
  }

  private candor.vision.Face largest(Upload photo) {
    ImageAnalysis analysis = pipeline.analyze(loader, photo.bytes(), photo.name(), true);
    return FaceChoice.LARGEST.choose(analysis.faces(), analysis.width(), analysis.height())
        .orElseThrow(() -> new InvalidRequestException(photo.name() + ": no face found"));
  }

  /**
   * Returns a stored face's crop, for a reviewer to compare with the probe.
   *
   * <p>Privacy: returns a face image; not audited per crop (the search that listed the face is).
   *
   * @param p who asks (granted the face's collection)
   * @param faceId the face
   * @return the crop's JPEG bytes, or empty if the face has no crop
   * @throws FaceNotFoundException if there is no such face
   */
  public Optional<byte[]> faceCrop(Principal p, long faceId) {
    Face face = store.gallery().findFace(faceId)
        .orElseThrow(() -> new FaceNotFoundException(faceId));
    guard.require(p, Action.SUBJECT_READ, scope(face.collection()));
    return gallery.openCrop(face);
  }

  // ---- search, approval, review ----------------------------------------------------------------

  /**
   * Runs a 1:N search for a purpose and a case. A search of several collections, or all of
   * them, needs a supervisor's approval recorded first for the same case and purpose.
   *
   * @param p who searches
   * @param ask the request
   * @return the candidates, for human review
   * @throws InvalidRequestException if the purpose is not on this deployment's list
   * @throws ApprovalRequiredException if no approval covers a multi-collection search (audited)
   * @throws CollectionNotFoundException if a collection does not exist
   */
  public SearchResult search(Principal p, SearchAsk ask) {
    Objects.requireNonNull(ask, "ask");
    SearchPurpose purpose = guard.policy().config().purpose(ask.purpose());
    CollectionGrant scope = CollectionGrant.of(ask.collections());
    PolicyDecision decision = guard.require(p, Action.SEARCH, scope);
    String probeSha256 = sha256(ask.probe().bytes());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("purpose", purpose.id());
    details.put("case", ask.caseRef());
    details.put("probe_sha256", probeSha256);
    if (guard.policy().needsApproval(scope)) {
      SearchApprovals.Coverage coverage =
          approvals.coverage(p, purpose, ask.caseRef(), scope);
      if (coverage.approval().isEmpty()) {
        String reason = "a search of " + (scope.all() ? "all collections"
            : scope.names().size() + " collections") + " needs a supervisor's approval for case "
            + ask.caseRef() + " and purpose " + purpose.id() + ", recorded first"
            + (coverage.reasons().isEmpty() ? " (the case has none)"
                : " (" + String.join("; ", coverage.reasons()) + ")");
        PolicyDecision denied = new PolicyDecision(false, p.actor(), Action.SEARCH,
            scope.asList(), reason);
        guard.audit(denied, "search", details);
        throw new ApprovalRequiredException(denied);
      }
      details.put("approval", coverage.approval().get().id());
    }
    List<String> names = scope.all()
        ? collections.list().stream().map(CollectionInfo::name).toList()
        : List.copyOf(scope.names());
    if (names.isEmpty()) {
      throw new InvalidRequestException("there is no collection to search");
    }
    // The decision and the approval go into the search's own audit entry: one append, so the
    // log never holds an allowed search without its result, nor a search without its reason.
    Map<String, Object> authorization = new LinkedHashMap<>();
    authorization.put("policy", decision.auditDetails());
    if (details.containsKey("approval")) {
      authorization.put("approval", details.get("approval"));
    }
    return search.search(new SearchQuery(p.actor(), purpose, ask.caseRef(),
        new java.util.TreeSet<>(names), ask.k(), ask.probe().bytes(), ask.probe().name(),
        FaceChoice.LARGEST, ask.by()), authorization);
  }

  /**
   * Records a supervisor's approval of multi-collection searches.
   *
   * @param p the supervisor (granted the collections approved)
   * @param request what is approved
   * @return the approval
   */
  public Approval approve(Principal p, ApprovalRequest request) {
    Objects.requireNonNull(request, "request");
    PolicyDecision decision = guard.require(p, Action.SEARCH_APPROVE, request.scope());
    return approvals.approve(decision, p, request);
  }

  /**
   * Lists the approvals in force, or a case's approvals.
   *
   * @param p who asks (a role that searches or approves)
   * @param caseRef the case, or {@code null} for every approval still in force
   * @return the approvals
   */
  public List<Approval> listApprovals(Principal p, String caseRef) {
    guard.require(p, p.role().allows(Action.SEARCH_APPROVE) ? Action.SEARCH_APPROVE
        : Action.SEARCH, scope());
    return caseRef == null ? approvals.active() : approvals.forCase(caseRef);
  }

  /**
   * Returns a search's record and the review status of each candidate.
   *
   * @param p who asks (granted every collection the search covered)
   * @param searchId the search
   * @return the search and its candidates' statuses
   * @throws candor.core.policy.SearchNotFoundException if there is no such search
   */
  public SearchReviews searchReviews(Principal p, String searchId) {
    SearchRecord record = reviews.search(searchId);
    guard.require(p, Action.REVIEW_READ, CollectionGrant.of(record.collections()));
    return new SearchReviews(record, reviews.statuses(record));
  }

  /**
   * A search's record and its candidates' review status.
   *
   * @param search the search as audited
   * @param candidates one status per candidate, in rank order
   */
  public record SearchReviews(SearchRecord search, List<CandidateStatus> candidates) {}

  /**
   * Records a reviewer's verdict on a candidate.
   *
   * @param p the reviewer (granted the candidate's collection)
   * @param searchId the search
   * @param faceId the candidate face
   * @param verdict confirmed or rejected
   * @param note why
   * @return the candidate's status after the review
   */
  public CandidateStatus review(Principal p, String searchId, long faceId, Verdict verdict,
      String note) {
    SearchRecord record = reviews.search(searchId);
    String collection = reviews.candidateCollection(record, faceId);
    PolicyDecision decision = guard.require(p, Action.REVIEW, scope(collection));
    return reviews.review(decision, p, record, faceId, collection, verdict, note);
  }

  // ---- erasure --------------------------------------------------------------------------------

  /**
   * Erases a subject with their faces, crops and index entries.
   *
   * @param p who asks (granted the subject's collection)
   * @param id the subject
   * @return the receipt
   * @throws SubjectNotFoundException if there is no such subject
   */
  public ErasureResult eraseSubject(Principal p, UUID id) {
    Subject subject = store.gallery().findSubject(id)
        .orElseThrow(() -> new SubjectNotFoundException(id));
    guard.requireAndRecord(p, Action.ERASE, scope(subject.collection()), "subject:" + id,
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
   * @throws InvalidRequestException if the digest is not 64 hex digits
   * @throws candor.core.store.MediaNotFoundException if the collection does not hold it
   */
  public ErasureResult eraseMedia(Principal p, String collection, String sha256) {
    String sha = ErasureService.mediaDigest(sha256); // before it is audited
    guard.requireAndRecord(p, Action.ERASE, scope(collection), "media:" + sha, Map.of());
    return erasure.eraseMedia(p.actor(), sha, Optional.of(collection));
  }

  // ---- audit, retention, transparency -------------------------------------------------------------

  /**
   * Reads a page of the audit log.
   *
   * @param p who asks (an auditor, supervisor or admin)
   * @param afterSequence entries after this one; 0 for the first
   * @param limit the most to return, 1 to 1,000
   * @return the entries, ascending
   */
  public List<AuditEntry> audit(Principal p, long afterSequence, int limit) {
    guard.require(p, Action.AUDIT_READ);
    if (limit < 1 || limit > 1_000) {
      throw new InvalidRequestException("limit must be 1 to 1000, got " + limit);
    }
    if (afterSequence < 0) {
      throw new InvalidRequestException("after must be 0 or more, got " + afterSequence);
    }
    return store.audit().entries(afterSequence, limit);
  }

  /**
   * Returns the sequence number of the last audit entry.
   *
   * @param p who asks (an auditor, supervisor or admin)
   * @return the chain head's sequence
   */
  public long auditHead(Principal p) {
    guard.require(p, Action.AUDIT_READ);
    return store.audit().headSequence();
  }

  /**
   * Recomputes the audit chain.
   *
   * @param p who asks (an auditor, supervisor or admin)
   * @return the outcome, naming the first broken entry
   */
  public ChainVerification verifyAudit(Principal p) {
    guard.require(p, Action.AUDIT_READ);
    return store.audit().verify();
  }

  /**
   * Runs the retention sweeper now.
   *
   * @param p who asks (an admin)
   * @return what was erased
   */
  public RetentionReport runRetention(Principal p) {
    guard.requireAndRecord(p, Action.RETENTION_RUN, scope(), "retention", Map.of());
    return retention.run(p.actor());
  }

  /**
   * Returns the published retention schedule.
   *
   * @param p who asks (any role)
   * @return the schedule
   */
  public RetentionSchedule retentionSchedule(Principal p) {
    guard.require(p, Action.PUBLIC_READ);
    return retention.schedule();
  }

  /**
   * Returns the transparency report.
   *
   * @param p who asks (any role)
   * @return monthly aggregate counts
   */
  public TransparencyReport transparency(Principal p) {
    guard.require(p, Action.PUBLIC_READ);
    return transparency.report();
  }

  /**
   * Checks that the principal may read the service's metrics.
   *
   * @param p who asks (any role)
   */
  public void checkMetrics(Principal p) {
    guard.require(p, Action.PUBLIC_READ);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static CollectionGrant scope(String... names) {
    return CollectionGrant.of(List.of(names));
  }

  private static Map<String, Object> uploadDetails(List<Upload> photos) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("photos", photos.size());
    details.put("sha256", photos.stream().map(u -> sha256(u.bytes())).toList());
    return details;
  }

  static String sha256(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
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

  private static void deleteQuietly(Path root) {
    if (Files.exists(root) == false) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      // Best effort; the files are deleted by the next start's tmp cleanup.
    }
  }
}
