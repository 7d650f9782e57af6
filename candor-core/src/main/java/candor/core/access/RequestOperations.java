package candor.core.access;

import static candor.core.access.Wiring.scope;
import static candor.core.access.Wiring.sha256;

import candor.core.audit.AuditEvent;
import candor.core.eval.FaceChoice;
import candor.core.gallery.AccessSearch;
import candor.core.gallery.ErasureResult;
import candor.core.gallery.ErasureService;
import candor.core.gallery.SearchPurpose;
import candor.core.gallery.StrictThreshold;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.InvalidRequestException;
import candor.core.policy.Action;
import candor.core.policy.CandidateState;
import candor.core.policy.CandidateStatus;
import candor.core.policy.CollectionGrant;
import candor.core.policy.PolicyDecision;
import candor.core.policy.Principal;
import candor.core.policy.Reviews;
import candor.core.policy.SearchRecord;
import candor.core.policy.Verdict;
import candor.core.rights.AccessReport;
import candor.core.rights.MatchOutcome;
import candor.core.rights.OptOutEntry;
import candor.core.rights.OptOutNotFoundException;
import candor.core.rights.RequestKind;
import candor.core.rights.RequestMatch;
import candor.core.rights.RequestNotFoundException;
import candor.core.rights.RequestReceipt;
import candor.core.rights.RequestStateException;
import candor.core.rights.RightsRequest;
import candor.core.rights.RightsStore;
import candor.vision.ImageAnalysis;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * People's requests about their own faces as a resource, for privacy officers: an access request
 * by selfie (every collection searched at a {@link StrictThreshold}, each match confirmed by two
 * reviewers as any candidate), its report, erasure or an overriding basis on request, the
 * request's answer, and the do-not-enrol list. Requests are kept in a register with their due
 * date (one month after receipt) and whether the requester's identity was checked.
 *
 * <p>Rules: a report, an erasure and an objection need the requester's identity checked first;
 * only matches that two different reviewers confirmed are reported or erased; an answered
 * request changes no more. Every change is audited in the transaction that makes it ({@code
 * request.receive}, {@code search.run} with purpose {@code subject-access-request}, {@code
 * request.identity}, {@code request.report}, {@code request.erase}, {@code request.object},
 * {@code request.answer}, {@code optout.add}, {@code optout.remove}), with the policy decision.
 *
 * <p>Privacy: the audit never holds the requester's reference, notes (only their SHA-256) nor
 * any photo; it holds the probe's SHA-256 as every search does. The requester's photo is kept
 * sealed while the request is open and deleted (its key destroyed) by the answer; an opt-out
 * keeps a sealed template only.
 *
 * <p>Thread-safe.
 */
public final class RequestOperations {

  static final int MAX_REF = 200;
  private static final int MAX_NOTE = 4_096;

  private final Wiring w;
  private final Reviews reviews;
  private final ErasureService erasure;
  private final AccessSearch search;

  RequestOperations(Wiring w, Reviews reviews, ErasureService erasure, AccessSearch search) {
    this.w = Objects.requireNonNull(w, "w");
    this.reviews = Objects.requireNonNull(reviews, "reviews");
    this.erasure = Objects.requireNonNull(erasure, "erasure");
    this.search = Objects.requireNonNull(search, "search");
  }

  /**
   * A request with its matches (each with its review) and the receipts attached to it.
   *
   * @param request the request as registered
   * @param matches the faces its search found, best first, each with its review status
   * @param receipts the erasures done on it
   * @param incomplete whether its search may have found more faces than listed (only when it
   *     has just run; see {@link AccessSearch.Found#incomplete()})
   */
  public record RequestDetail(RightsRequest request, List<MatchStatus> matches,
      List<RequestReceipt> receipts, boolean incomplete) {
    /** Copies the lists. */
    public RequestDetail {
      matches = List.copyOf(matches);
      receipts = List.copyOf(receipts);
    }
  }

  /**
   * A match of an access request and where its review stands.
   *
   * @param match the match and what was done with it
   * @param review its reviews and state (identified once two different users confirmed it)
   * @param subject the subject record the face is filed under, for its reviewers; {@code null}
   *     for a face filed under no subject, or erased
   */
  public record MatchStatus(RequestMatch match, CandidateStatus review,
      candor.core.model.Subject subject) {}

  /**
   * What an opt-out or its removal did.
   *
   * @param request the request, answered
   * @param entry the entry added or removed
   */
  public record OptOutResult(RightsRequest request, OptOutEntry entry) {}

  // ---- access requests ------------------------------------------------------------------------

  /**
   * Receives an access, erasure or objection request: searches every collection with the
   * largest face of the requester's photo at the strict threshold, and registers the request
   * with the faces found (one transaction with its {@code request.receive} and {@code
   * search.run} audit entries). The matches then wait for review.
   *
   * @param p the privacy officer (granted all collections)
   * @param ask the request
   * @return the request with its matches
   * @throws candor.core.policy.AccessDeniedException if the key may not search every collection
   * @throws IllegalArgumentException if the photo holds no face
   * @throws candor.vision.VisionException if the photo is unreadable or too large
   * @throws IllegalStateException if the face model has no calibration table
   */
  public RequestDetail access(Principal p, AccessAsk ask) {
    Objects.requireNonNull(ask, "ask");
    PolicyDecision decision = w.guard().require(p, Action.REQUEST_SEARCH,
        CollectionGrant.allCollections());
    byte[] photo = ask.photo().bytes();
    ProbeFace face = largestFace(photo, ask.photo().name());
    StrictThreshold threshold = StrictThreshold.forModel(face.modelId(), ask.maxFmr());
    AccessSearch.Found found = search.find(face.template(), threshold);
    face.wipe();
    List<String> collections = w.store().gallery().listCollections().stream()
        .map(CollectionInfo::name).toList();
    UUID id = UUID.randomUUID();
    String searchId = UUID.randomUUID().toString();
    Instant now = now();
    RightsRequest received = RightsRequest.received(id, ask.kind(), ask.requesterRef(),
        p.actor(), now);
    List<RequestMatch> matches = new ArrayList<>();
    for (AccessSearch.Match m : found.matches()) {
      matches.add(RequestMatch.found(id, m.faceId(), m.collection(), matches.size() + 1,
          m.score(), m.fmr() == null ? null : m.fmr().fmr(),
          m.fmr() == null ? null : m.fmr().bound().name()));
    }
    Map<String, Object> receipt = requestDetails(received, decision);
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("search_id", searchId);
    run.put("purpose", SearchPurpose.SUBJECT_ACCESS_REQUEST.id());
    run.put("case", "request:" + id);
    run.put("probe_sha256", sha256(photo));
    run.put("collections", collections);
    run.put("by", "face");
    run.put("model_id", threshold.modelId());
    run.put("faces_in_probe", face.facesInPhoto());
    run.put("threshold", threshold.score());
    run.put("max_fmr", threshold.maxFmr());
    run.put("incomplete", found.incomplete());
    run.put("candidates", matches.stream().map(RequestMatch::faceId).toList());
    run.put("authorization", Map.of("policy", decision.auditDetails()));
    w.store().inTransaction(tx -> {
      rights().create(tx, received, photo);
      rights().recordSearch(tx, id, searchId, threshold.score(), threshold.maxFmr(), matches);
      w.store().audit().append(tx, new AuditEvent(p.actor(), "request.receive", "request:" + id,
          receipt));
      w.store().audit().append(tx, new AuditEvent(p.actor(), "search.run",
          "search:" + searchId, run));
      return null;
    });
    return detail(found(id), found.incomplete());
  }

  /**
   * Lists the register: every request (or the open ones), most recent first.
   *
   * @param p the privacy officer
   * @param openOnly whether to leave answered requests out
   * @return the requests
   */
  public List<RightsRequest> register(Principal p, boolean openOnly) {
    w.guard().require(p, Action.REQUEST_HANDLE);
    return rights().list(openOnly);
  }

  /**
   * Returns a request with its matches, their reviews and its receipts; the read is audited.
   *
   * @param p the privacy officer
   * @param id the request
   * @return the request
   * @throws RequestNotFoundException if there is no such request
   */
  public RequestDetail request(Principal p, UUID id) {
    RightsRequest r = found(id);
    w.guard().requireAndRecord(p, Action.REQUEST_HANDLE, scope(), "request:" + id, Map.of());
    return detail(r, false);
  }

  /**
   * Records a reviewer's verdict on a match, as on any search candidate: a match is the
   * requester's once two different users confirmed it and nobody rejected it.
   *
   * @param p the reviewer (a privacy officer granted the face's collection)
   * @param id the request
   * @param faceId the match
   * @param verdict confirmed or rejected
   * @param note why (what was compared); not blank
   * @return the match's review status after it
   * @throws RequestNotFoundException if there is no such request
   * @throws candor.core.policy.CandidateNotFoundException if the face is not one of its matches,
   *     or was erased
   * @throws RequestStateException if the request is answered
   */
  public CandidateStatus review(Principal p, UUID id, long faceId, Verdict verdict,
      String note) {
    RightsRequest r = searching(found(id));
    requireOpen(r);
    SearchRecord record = reviews.search(r.searchId());
    String collection = reviews.candidateCollection(record, faceId);
    PolicyDecision decision = w.guard().require(p, Action.REQUEST_REVIEW, scope(collection));
    return reviews.review(decision, p, record, faceId, collection, verdict, note);
  }

  /**
   * Records that the requester's identity was checked, and how.
   *
   * @param p the privacy officer
   * @param id the request
   * @param note how (the document seen, the channel); kept in the register, its SHA-256 audited
   * @return the request
   * @throws RequestStateException if the request is answered
   */
  public RightsRequest checkIdentity(Principal p, UUID id, String note) {
    RightsRequest r = found(id);
    String how = text("note", note);
    PolicyDecision decision = w.guard().require(p, Action.REQUEST_HANDLE);
    requireOpen(r);
    Instant now = now();
    w.store().inTransaction(tx -> {
      rights().recordIdentity(tx, id, p.actor(), now, how);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("note_sha256", sha256(how.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      details.put("policy", decision.auditDetails());
      w.store().audit().append(tx, new AuditEvent(p.actor(), "request.identity",
          "request:" + id, details));
      return null;
    });
    return found(id);
  }

  /**
   * Makes the report for the requester: every match two reviewers confirmed, with its crop,
   * collection, source, lawful basis, enrolment, retention and the searches that returned it
   * (counted by purpose and month), and what was erased or kept on the request. The disclosure
   * is audited ({@code request.report}, with the format and the faces' ids).
   *
   * @param p the privacy officer (granted the faces' collections)
   * @param id the request
   * @param format what the report is made for ({@code json}, {@code pdf}), as audited
   * @return the report
   * @throws RequestStateException if the requester's identity is not checked
   */
  public AccessReport report(Principal p, UUID id, String format) {
    RightsRequest r = searching(found(id));
    w.guard().require(p, Action.REQUEST_HANDLE);
    requireIdentity(r, "a report");
    RequestDetail detail = detail(r, false);
    List<RequestMatch> confirmed = detail.matches().stream()
        .filter(m -> m.review().state() == CandidateState.IDENTIFIED)
        .map(MatchStatus::match).toList();
    Set<String> collections = confirmed.stream().map(RequestMatch::collection)
        .collect(Collectors.toCollection(TreeSet::new));
    PolicyDecision decision = w.guard().require(p, Action.REQUEST_REVIEW,
        CollectionGrant.of(List.copyOf(collections)));
    AccessReport report = new AccessReportBuilder(w).build(r, detail.matches().size(),
        confirmed, detail.receipts());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("format", format == null ? "json" : format.strip().toLowerCase(Locale.ROOT));
    details.put("face_ids", report.faces().stream().map(AccessReport.ReportedFace::faceId)
        .toList());
    details.put("collections", List.copyOf(collections));
    details.put("policy", decision.auditDetails());
    w.store().audit().append(new AuditEvent(p.actor(), "request.report", "request:" + id,
        details));
    return report;
  }

  /**
   * Erases, on the request, confirmed matches: a face filed under a subject by erasing the
   * subject (all of that record's faces), a face filed under no subject by erasing its photo
   * (whose key seals every face found in it). Each erasure is the usual physical one, audited as
   * usual; its receipt is attached to the request and a {@code request.erase} entry links them.
   *
   * @param p the privacy officer (granted the faces' collections)
   * @param id the request
   * @param faceIds the matches to erase; empty for every confirmed match not yet erased or
   *     retained
   * @return the request after it
   * @throws RequestStateException if the identity is not checked, the request is answered, a
   *     face is not a confirmed match, or has been erased or retained on it already
   */
  public RequestDetail erase(Principal p, UUID id, List<Long> faceIds) {
    RightsRequest r = searching(found(id));
    w.guard().require(p, Action.REQUEST_HANDLE);
    requireOpen(r);
    requireIdentity(r, "an erasure");
    List<MatchStatus> targets = targets(r, faceIds, "erase");
    // Group the faces by what erases them: their subject, or their photo.
    Map<String, List<MatchStatus>> groups = new LinkedHashMap<>();
    Map<String, Face> owners = new LinkedHashMap<>();
    List<Long> gone = new ArrayList<>();
    for (MatchStatus t : targets) {
      Optional<Face> face = w.store().gallery().findFace(t.match().faceId());
      if (face.isEmpty()) {
        gone.add(t.match().faceId());
        continue;
      }
      String key = target(face.get());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
      owners.putIfAbsent(key, face.get());
    }
    // Every match of the request the same erasure takes, so that all of them are marked.
    Map<String, List<Long>> covered = new LinkedHashMap<>();
    for (RequestMatch m : rights().matches(id)) {
      if (m.outcome() == null) {
        w.store().gallery().findFace(m.faceId()).map(this::target)
            .filter(groups::containsKey)
            .ifPresent(k -> covered.computeIfAbsent(k, x -> new ArrayList<>()).add(m.faceId()));
      }
    }
    Instant now = now();
    if (gone.isEmpty() == false) {
      w.store().inTransaction(tx -> {
        rights().recordOutcome(tx, id, gone, MatchOutcome.ERASED, null,
            "no longer held when the erasure was asked", p.actor(), now);
        return null;
      });
    }
    for (Map.Entry<String, List<MatchStatus>> group : groups.entrySet()) {
      Face face = owners.get(group.getKey());
      PolicyDecision decision = w.guard().requireAndRecord(p, Action.REQUEST_ERASE,
          scope(face.collection()), "request:" + id, Map.of("erasing", group.getKey()));
      ErasureResult result = face.subjectId() != null
          ? erasure.eraseSubject(p.actor(), face.subjectId())
          : erasure.eraseMedia(p.actor(), face.mediaSha256(), Optional.of(face.collection()));
      List<Long> erased = covered.getOrDefault(group.getKey(), List.of());
      RequestReceipt receipt = new RequestReceipt(result.auditSequence(), result.what(),
          result.at(), erased, result.facesErased(), result.mediaErased(),
          result.subjectsErased(), result.filesDeleted());
      w.store().inTransaction(tx -> {
        rights().attachReceipt(tx, id, receipt);
        rights().recordOutcome(tx, id, erased, MatchOutcome.ERASED, null, null, p.actor(), now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", r.kind().id());
        details.put("erasure_sequence", result.auditSequence());
        details.put("what", result.what());
        details.put("face_ids", erased);
        details.put("faces_erased", result.facesErased());
        details.put("collections", List.of(face.collection()));
        details.put("policy", decision.auditDetails());
        w.store().audit().append(tx, new AuditEvent(p.actor(), "request.erase",
            "request:" + id, details));
        return null;
      });
    }
    return detail(found(id), false);
  }

  /**
   * Records that a lawful basis overrides the request for confirmed matches, which are kept: the
   * basis's reference and a note of why go into the register, the reference and the note's
   * SHA-256 into the audit ({@code request.object}).
   *
   * @param p the privacy officer
   * @param id the request
   * @param faceIds the matches kept; empty for every confirmed match not yet erased or retained
   * @param basisReference the reference of the basis that overrides the request (a law, an
   *     order, a legal claim); not blank
   * @param note why it overrides the request; not blank
   * @return the request after it
   * @throws RequestStateException as {@link #erase}
   */
  public RequestDetail object(Principal p, UUID id, List<Long> faceIds, String basisReference,
      String note) {
    RightsRequest r = searching(found(id));
    String reference = text("basis reference", basisReference);
    String why = text("note", note);
    PolicyDecision decision = w.guard().require(p, Action.REQUEST_HANDLE);
    requireOpen(r);
    requireIdentity(r, "an objection");
    List<MatchStatus> targets = targets(r, faceIds, "retain");
    List<Long> kept = targets.stream().map(t -> t.match().faceId()).toList();
    Set<String> collections = targets.stream().map(t -> t.match().collection())
        .collect(Collectors.toCollection(TreeSet::new));
    Instant now = now();
    w.store().inTransaction(tx -> {
      rights().recordOutcome(tx, id, kept, MatchOutcome.RETAINED, reference, why, p.actor(), now);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("kind", r.kind().id());
      details.put("face_ids", kept);
      details.put("basis_reference", reference);
      details.put("note_sha256", sha256(why.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      details.put("collections", List.copyOf(collections));
      details.put("policy", decision.auditDetails());
      w.store().audit().append(tx, new AuditEvent(p.actor(), "request.object", "request:" + id,
          details));
      return null;
    });
    return detail(found(id), false);
  }

  /**
   * Answers a request: records the answer, and deletes the requester's photo (clears it and
   * destroys its key) in the same transaction, audited as {@code request.answer} with the days
   * it took and whether it was late.
   *
   * @param p the privacy officer
   * @param id the request
   * @param outcome what the answer said, in a sentence; not blank
   * @return the request, answered
   * @throws RequestStateException if it is answered already
   */
  public RightsRequest answer(Principal p, UUID id, String outcome) {
    RightsRequest r = found(id);
    String said = text("outcome", outcome);
    PolicyDecision decision = w.guard().require(p, Action.REQUEST_HANDLE);
    requireOpen(r);
    answer(p, r, said, decision);
    return found(id);
  }

  private void answer(Principal p, RightsRequest r, String outcome, PolicyDecision decision) {
    Instant now = now();
    w.store().inTransaction(tx -> {
      boolean photoDeleted = rights().deletePhoto(tx, r.id());
      rights().answer(tx, r.id(), p.actor(), now, outcome);
      w.store().audit().append(tx, new AuditEvent(p.actor(), "request.answer",
          "request:" + r.id(), answerDetails(r, now, photoDeleted, decision)));
      return null;
    });
  }

  /**
   * Returns the requester's photo, for reviewers to compare the matches with.
   *
   * <p>Privacy: a face photo; not audited per read (the request's reads are).
   *
   * @param p a privacy officer
   * @param id the request
   * @return the photo's bytes, or empty once the request is answered
   */
  public Optional<byte[]> photo(Principal p, UUID id) {
    found(id);
    w.guard().require(p, Action.REQUEST_HANDLE);
    return rights().openPhoto(id);
  }

  /**
   * Returns a match's face crop, for its reviewers.
   *
   * <p>Privacy: a face image; not audited per crop (the search that found it is).
   *
   * @param p a privacy officer granted the face's collection
   * @param id the request
   * @param faceId the match
   * @return the crop's JPEG bytes, or empty if the face has no crop
   * @throws candor.core.policy.CandidateNotFoundException if the face is not a match or is gone
   */
  public Optional<byte[]> matchCrop(Principal p, UUID id, long faceId) {
    RightsRequest r = searching(found(id));
    SearchRecord record = reviews.search(r.searchId());
    String collection = reviews.candidateCollection(record, faceId);
    w.guard().require(p, Action.REQUEST_REVIEW, scope(collection));
    return w.store().gallery().findFace(faceId).flatMap(f -> w.gallery().openCrop(f));
  }

  // ---- the do-not-enrol list ------------------------------------------------------------------

  /**
   * Puts a person on the do-not-enrol list at their request: the template of their photo's
   * largest face (or of their open access request's photo) is sealed under the entry's own key
   * and kept under their consent; the opt-out request is registered and answered at once, all in
   * one transaction ({@code request.receive}, {@code optout.add}, {@code request.answer}). From
   * the next ingest on, faces that reach the strict threshold against it are not stored.
   *
   * @param p the privacy officer
   * @param ask the request
   * @return the answered request and the entry
   * @throws IllegalArgumentException if the photo holds no face
   * @throws RequestStateException if the access request named is answered (its photo is gone)
   */
  public OptOutResult optOut(Principal p, OptOutAsk ask) {
    Objects.requireNonNull(ask, "ask");
    PolicyDecision decision = w.guard().require(p, Action.REQUEST_HANDLE);
    byte[] photo;
    String name;
    if (ask.fromAccessRequest()) {
      RightsRequest source = found(ask.fromRequest());
      photo = rights().openPhoto(source.id()).orElseThrow(() -> new RequestStateException(
          "request " + source.id() + " keeps no photo any more (it is answered): take the"
              + " person's photo again"));
      name = "photo of request " + source.id();
    } else {
      photo = ask.photo().bytes();
      name = ask.photo().name();
    }
    ProbeFace face = largestFace(photo, name);
    Instant now = now();
    UUID requestId = UUID.randomUUID();
    RightsRequest received = RightsRequest.received(requestId, RequestKind.OPT_OUT,
        ask.requesterRef(), p.actor(), now);
    OptOutEntry entry = new OptOutEntry(UUID.randomUUID(), face.modelId(),
        ask.consentReference(), requestId, p.actor(), now);
    String outcome = "added to the do-not-enrol list as entry " + entry.id();
    try {
      w.store().inTransaction(tx -> {
        rights().create(tx, received, null);
        rights().addOptOut(tx, entry, face.template());
        rights().linkOptOut(tx, requestId, entry.id());
        rights().answer(tx, requestId, p.actor(), now, outcome);
        w.store().audit().append(tx, new AuditEvent(p.actor(), "request.receive",
            "request:" + requestId, requestDetails(received, decision)));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("entry", entry.id().toString());
        details.put("request", requestId.toString());
        details.put("model_id", entry.modelId());
        details.put("consent_reference", entry.consentReference());
        if (ask.fromAccessRequest()) {
          details.put("from_request", ask.fromRequest().toString());
        }
        details.put("policy", decision.auditDetails());
        w.store().audit().append(tx, new AuditEvent(p.actor(), "optout.add",
            "optout:" + entry.id(), details));
        w.store().audit().append(tx, new AuditEvent(p.actor(), "request.answer",
            "request:" + requestId, answerDetails(received, now, false, decision)));
        return null;
      });
    } finally {
      face.wipe();
    }
    return new OptOutResult(found(requestId), entry);
  }

  /**
   * Takes a person off the do-not-enrol list at their request: the entry is deleted and its key
   * destroyed; the removal request is registered and answered at once, in one transaction
   * ({@code request.receive}, {@code optout.remove}, {@code request.answer}).
   *
   * @param p the privacy officer
   * @param entryId the entry
   * @param requesterRef the operator's reference for the person asking
   * @return the answered request and the entry removed
   * @throws OptOutNotFoundException if there is no such entry
   */
  public OptOutResult removeOptOut(Principal p, UUID entryId, String requesterRef) {
    Objects.requireNonNull(entryId, "entryId");
    String ref = requesterRef(requesterRef);
    PolicyDecision decision = w.guard().require(p, Action.REQUEST_HANDLE);
    OptOutEntry entry = rights().findOptOut(entryId)
        .orElseThrow(() -> new OptOutNotFoundException(entryId));
    Instant now = now();
    UUID requestId = UUID.randomUUID();
    RightsRequest received = RightsRequest.received(requestId, RequestKind.OPT_OUT_REMOVAL, ref,
        p.actor(), now);
    w.store().inTransaction(tx -> {
      rights().create(tx, received, null);
      if (rights().removeOptOut(tx, entryId) == false) {
        throw new OptOutNotFoundException(entryId);
      }
      rights().linkOptOut(tx, requestId, entryId);
      rights().answer(tx, requestId, p.actor(), now, "removed do-not-enrol entry " + entryId);
      w.store().audit().append(tx, new AuditEvent(p.actor(), "request.receive",
          "request:" + requestId, requestDetails(received, decision)));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("entry", entryId.toString());
      details.put("request", requestId.toString());
      details.put("policy", decision.auditDetails());
      w.store().audit().append(tx, new AuditEvent(p.actor(), "optout.remove",
          "optout:" + entryId, details));
      w.store().audit().append(tx, new AuditEvent(p.actor(), "request.answer",
          "request:" + requestId, answerDetails(received, now, false, decision)));
      return null;
    });
    return new OptOutResult(found(requestId), entry);
  }

  /**
   * Lists the do-not-enrol list (without templates).
   *
   * @param p the privacy officer
   * @return the entries, oldest first
   */
  public List<OptOutEntry> optOuts(Principal p) {
    w.guard().require(p, Action.REQUEST_HANDLE);
    return rights().listOptOuts();
  }

  // ---- internals ------------------------------------------------------------------------------

  /**
   * Checks and trims the operator's reference for a requester.
   *
   * @throws IllegalArgumentException if it is blank, longer than 200 characters or holds
   *     control characters
   */
  static String requesterRef(String ref) {
    if (ref == null || ref.isBlank()) {
      throw new InvalidRequestException("a request requires the requester's reference (your"
          + " case or ticket number for them, not their name)");
    }
    String text = ref.strip();
    if (text.length() > MAX_REF || text.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException("the requester's reference must be at most " + MAX_REF
          + " printable characters, got " + text.length());
    }
    return text;
  }

  private static String text(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException("a " + what + " is required");
    }
    String text = value.strip();
    if (text.length() > MAX_NOTE) {
      throw new InvalidRequestException("the " + what + " must be at most " + MAX_NOTE
          + " characters, got " + text.length());
    }
    return text;
  }

  /**
   * The largest face of a requester's photo: its template (privacy: biometric, kept in memory
   * and overwritten by {@link #wipe()}), how many faces the photo holds, and the model.
   */
  private record ProbeFace(float[] template, int facesInPhoto, String modelId) {
    void wipe() {
      java.util.Arrays.fill(template, 0f);
    }
  }

  private ProbeFace largestFace(byte[] photo, String name) {
    ImageAnalysis analysis = w.pipeline().analyze(w.loader(), photo, name, true);
    candor.vision.Face face = FaceChoice.LARGEST.choose(analysis.faces(), analysis.width(),
        analysis.height()).orElseThrow(() -> new InvalidRequestException(name
            + ": no face found in the photo; ask the person for a photo that shows their face"));
    return new ProbeFace(face.template().values(), analysis.faces().size(),
        face.template().modelId());
  }

  private RightsStore rights() {
    return w.store().rights();
  }

  private Instant now() {
    return w.clock().instant().truncatedTo(ChronoUnit.MICROS);
  }

  private RightsRequest found(UUID id) {
    Objects.requireNonNull(id, "id");
    return rights().find(id).orElseThrow(() -> new RequestNotFoundException(id));
  }

  private static RightsRequest searching(RightsRequest r) {
    if (r.search().isEmpty()) {
      throw new RequestStateException("request " + r.id() + " is an " + r.kind().id()
          + " request: it has no matches");
    }
    return r;
  }

  private static void requireOpen(RightsRequest r) {
    if (r.open() == false) {
      throw new RequestStateException("request " + r.id() + " was answered on "
          + r.answered() + ": it changes no more");
    }
  }

  private static void requireIdentity(RightsRequest r, String what) {
    if (r.identityVerified() == false) {
      throw new RequestStateException("the requester's identity is not checked yet: record how"
          + " it was checked (candor requests identity " + r.id() + " --note ...) before "
          + what);
    }
  }

  /**
   * The matches an erasure or objection acts on: those named, or every confirmed one with
   * nothing done yet; each must be a match, confirmed by two reviewers, with nothing done yet.
   */
  private List<MatchStatus> targets(RightsRequest r, List<Long> faceIds, String verb) {
    List<MatchStatus> all = detail(r, false).matches();
    Map<Long, MatchStatus> byFace = all.stream().collect(Collectors.toMap(
        m -> m.match().faceId(), Function.identity(), (a, b) -> a, LinkedHashMap::new));
    List<MatchStatus> targets = new ArrayList<>();
    if (faceIds == null || faceIds.isEmpty()) {
      all.stream().filter(m -> m.match().outcome() == null
          && m.review().state() == CandidateState.IDENTIFIED).forEach(targets::add);
      if (targets.isEmpty()) {
        throw new RequestStateException("request " + r.id() + " has no confirmed match left to "
            + verb + " (a match is confirmed when two different reviewers confirm it)");
      }
      return targets;
    }
    for (long faceId : new java.util.LinkedHashSet<>(faceIds)) {
      MatchStatus m = byFace.get(faceId);
      if (m == null) {
        throw new RequestStateException("face " + faceId + " is not a match of request "
            + r.id());
      }
      if (m.match().outcome() != null) {
        throw new RequestStateException("face " + faceId + " was " + m.match().outcome().label()
            + " on request " + r.id() + " already");
      }
      if (m.review().state() != CandidateState.IDENTIFIED) {
        throw new RequestStateException("face " + faceId + " is "
            + m.review().state().label().replace('-', ' ') + ", not confirmed: two different"
            + " reviewers must confirm a match before it is " + verb
            + (verb.endsWith("e") ? "d" : "ed"));
      }
      targets.add(m);
    }
    return targets;
  }

  /** What erases a face: its subject, or its photo when it is filed under no subject. */
  private String target(Face face) {
    return face.subjectId() != null ? "subject:" + face.subjectId()
        : "media:" + face.collection() + "/" + face.mediaSha256();
  }

  private RequestDetail detail(RightsRequest r, boolean incomplete) {
    List<RequestMatch> matches = rights().matches(r.id());
    List<MatchStatus> statuses = new ArrayList<>();
    if (r.search().isPresent() && matches.isEmpty() == false) {
      Map<Long, CandidateStatus> byFace = new LinkedHashMap<>();
      reviews.statuses(reviews.search(r.searchId())).forEach(s -> byFace.put(s.faceId(), s));
      for (RequestMatch m : matches) {
        candor.core.model.Subject subject = w.store().gallery().subjectsOfFaces(
            List.of(m.faceId())).getOrDefault(m.faceId(), Optional.empty())
            .flatMap(w.store().gallery()::findSubject).orElse(null);
        statuses.add(new MatchStatus(m, byFace.getOrDefault(m.faceId(),
            CandidateStatus.of(r.searchId(), m.faceId(), List.of())), subject));
      }
    }
    return new RequestDetail(r, statuses, rights().receipts(r.id()), incomplete);
  }

  private static Map<String, Object> requestDetails(RightsRequest r, PolicyDecision decision) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", r.kind().id());
    details.put("received", r.received().toString());
    details.put("due", r.due().toString());
    details.put("policy", decision.auditDetails());
    return details;
  }

  private static Map<String, Object> answerDetails(RightsRequest r, Instant at,
      boolean photoDeleted, PolicyDecision decision) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", r.kind().id());
    details.put("received", r.received().toString());
    details.put("due", r.due().toString());
    double days = Duration.between(r.received(), at).toSeconds() / 86_400.0;
    details.put("days", Math.round(days * 100) / 100.0);
    details.put("late", LocalDate.ofInstant(at, ZoneOffset.UTC).isAfter(r.due()));
    details.put("photo_deleted", photoDeleted);
    details.put("policy", decision.auditDetails());
    return details;
  }
}
