package candor.core.access;

import static candor.core.access.Wiring.scope;
import static candor.core.access.Wiring.sha256;

import candor.core.audit.AuditCheckpoints;
import candor.core.audit.AuditEntry;
import candor.core.audit.AuditScope;
import candor.core.eval.FaceChoice;
import candor.core.gallery.CollectionService;
import candor.core.gallery.FaceSelector;
import candor.core.gallery.GalleryIdentification;
import candor.core.gallery.ReviewTerms;
import candor.core.gallery.SearchMode;
import candor.core.gallery.SearchPurpose;
import candor.core.gallery.SearchQuery;
import candor.core.gallery.SearchResult;
import candor.core.gallery.SearchService;
import candor.core.model.CollectionInfo;
import candor.core.model.InvalidRequestException;
import candor.core.policy.Action;
import candor.core.policy.Approval;
import candor.core.policy.ApprovalRequest;
import candor.core.policy.ApprovalRequiredException;
import candor.core.policy.CandidateStatus;
import candor.core.policy.CollectionGrant;
import candor.core.policy.PolicyDecision;
import candor.core.policy.Principal;
import candor.core.policy.Reviews;
import candor.core.policy.SearchApprovals;
import candor.core.policy.SearchRecord;
import candor.core.policy.Verdict;
import candor.core.review.CandidateSheet;
import candor.core.review.CaseFile;
import candor.core.review.CaseNotFoundException;
import candor.core.review.CaseReport;
import candor.core.review.ProbeNotFoundException;
import candor.core.review.QueueEntry;
import candor.core.review.ReviewDesk;
import candor.core.review.ReviewSheet;
import candor.core.store.CollectionNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * 1:N searches as a resource, with what makes them accountable: the deployment's purpose list,
 * a supervisor's approval before a search of several collections, the audit entry of every
 * search, and the human review of its candidates.
 *
 * <p>Thread-safe.
 */
public final class SearchOperations {

  private final Wiring w;
  private final CollectionService collections;
  private final SearchService search;
  private final SearchApprovals approvals;
  private final Reviews reviews;
  private final ReviewDesk desk;

  SearchOperations(Wiring w, CollectionService collections, SearchService search,
      SearchApprovals approvals, Reviews reviews, ReviewDesk desk) {
    this.w = Objects.requireNonNull(w, "w");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.search = Objects.requireNonNull(search, "search");
    this.approvals = Objects.requireNonNull(approvals, "approvals");
    this.reviews = Objects.requireNonNull(reviews, "reviews");
    this.desk = Objects.requireNonNull(desk, "desk");
  }

  /**
   * Runs a 1:N search for a purpose and a case. A search of several collections, or all of
   * them, needs a supervisor's approval recorded first for the same case and purpose.
   *
   * @param p who searches
   * @param ask the request
   * @return the candidates, for human review
   * @throws InvalidRequestException if the purpose is not on this deployment's list, or is
   *     {@code subject-access-request} (a privacy officer's access request runs those)
   * @throws ApprovalRequiredException if no approval covers a multi-collection search (audited)
   * @throws CollectionNotFoundException if a collection does not exist
   */
  public SearchResult search(Principal p, SearchAsk ask) {
    Objects.requireNonNull(ask, "ask");
    if (SearchPurpose.parse(ask.purpose()) == SearchPurpose.SUBJECT_ACCESS_REQUEST) {
      throw new InvalidRequestException("search purpose subject-access-request is for a"
          + " person's own request: a privacy officer runs it with 'candor requests access'"
          + " (POST /v1/requests/access)");
    }
    SearchPurpose purpose = w.guard().policy().config().purpose(ask.purpose());
    return run(p, purpose, ask.caseRef(), CollectionGrant.of(ask.collections()), ask.k(),
        ask.probe(), ask.probeFace(), ask.by(),
        w.guard().policy().config().reviewTerms(p.user()));
  }

  /**
   * Runs the 1:N identification protocol through this search path: every mated probe of a data
   * set folder is one search by the principal, purpose {@code evaluation}, policy-checked and
   * audited like any other.
   *
   * @param p who evaluates
   * @param dataset the folder, one sub-folder of photos per person
   * @param caseRef the case every search is audited under
   * @param names the collections to search
   * @param probeFace which face of each probe to search with
   * @param by search by subject or by face
   * @param firstProbe each folder's first probe, by position from 1
   * @param threads searches run in parallel
   * @param progress told the number of probes done
   * @return the rates
   * @throws IllegalArgumentException if {@code evaluation} is not on this deployment's list
   */
  public GalleryIdentification.Result evaluateIdentification(Principal p, Path dataset,
      String caseRef, List<String> names, FaceChoice probeFace, SearchMode by, int firstProbe,
      int threads, IntConsumer progress) {
    SearchPurpose purpose = w.guard().policy().config().purpose(SearchPurpose.EVALUATION.id());
    CollectionGrant scope = CollectionGrant.of(names);
    // An evaluation's searches are measured, not reviewed: they keep no probe face.
    return GalleryIdentification.run(q -> run(p, purpose, q.caseRef(), scope, q.k(),
            new Upload(q.probeName(), q.probe()), q.probeFace(), q.by(), null),
        dataset, p.actor(), caseRef, new TreeSet<>(names), probeFace, by, firstProbe, threads,
        progress);
  }

  private SearchResult run(Principal p, SearchPurpose purpose, String caseRef,
      CollectionGrant scope, int k, Upload probe, FaceSelector probeFace, SearchMode by,
      ReviewTerms terms) {
    PolicyDecision decision = w.guard().require(p, Action.SEARCH, scope);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("purpose", purpose.id());
    details.put("case", caseRef);
    details.put("probe_sha256", sha256(probe.bytes()));
    if (w.guard().policy().needsApproval(scope)) {
      SearchApprovals.Coverage coverage = approvals.coverage(p, purpose, caseRef, scope);
      if (coverage.approval().isEmpty()) {
        String reason = "a search of " + (scope.all() ? "all collections"
            : scope.names().size() + " collections") + " needs a supervisor's approval for case "
            + caseRef + " and purpose " + purpose.id() + ", recorded first"
            + (coverage.reasons().isEmpty() ? " (the case has none)"
                : " (" + String.join("; ", coverage.reasons()) + ")");
        PolicyDecision denied = new PolicyDecision(false, p.actor(), Action.SEARCH,
            scope.asList(), reason);
        w.guard().audit(denied, "search", details);
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
    return search.search(new SearchQuery(p.actor(), purpose, caseRef, new TreeSet<>(names), k,
        probe.bytes(), probe.name(), probeFace, by), authorization, terms);
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
    PolicyDecision decision = w.guard().require(p, Action.SEARCH_APPROVE, request.scope());
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
    w.guard().require(p, p.role().allows(Action.SEARCH_APPROVE) ? Action.SEARCH_APPROVE
        : Action.SEARCH, scope());
    return caseRef == null ? approvals.active() : approvals.forCase(caseRef);
  }

  /**
   * Returns a search's review sheet: each candidate with its score, estimate, weakness, source,
   * basis and quality, and the decisions on it, blind where the reader may still decide and has
   * not (see {@link ReviewDesk}).
   *
   * @param p who asks (granted every collection the search covered)
   * @param searchId the search
   * @return the sheet as this reader may see it
   * @throws candor.core.policy.SearchNotFoundException if there is no such search, or it covered
   *     a collection the principal is not granted
   */
  public ReviewSheet searchReviews(Principal p, String searchId) {
    SearchRecord record = ordinary(reviews.search(searchId));
    w.guard().requireOrHide(p, Action.REVIEW_READ, CollectionGrant.of(record.collections()),
        "search:" + searchId, () -> new candor.core.policy.SearchNotFoundException(searchId));
    return desk.sheet(p, record);
  }

  /**
   * Returns the record of an ordinary search: an access request's search is reviewed through
   * its request only (by privacy officers), so here it answers as an unknown search.
   */
  private static SearchRecord ordinary(SearchRecord record) {
    if (SearchPurpose.SUBJECT_ACCESS_REQUEST.id().equals(record.purpose())) {
      throw new candor.core.policy.SearchNotFoundException(record.searchId());
    }
    return record;
  }

  /**
   * Returns a search's probe face, kept sealed for its reviewers; each read is audited ({@code
   * policy.allow} on {@code search:<id>/probe}).
   *
   * <p>Privacy: returns a face image of someone who may be in no collection.
   *
   * @param p who asks (granted every collection the search covered)
   * @param searchId the search
   * @return the JPEG bytes
   * @throws candor.core.policy.SearchNotFoundException if there is no such search, or it covered
   *     a collection the principal is not granted
   * @throws ProbeNotFoundException if none was kept or it was deleted
   */
  public byte[] probe(Principal p, String searchId) {
    SearchRecord record = ordinary(reviews.search(searchId));
    String object = "search:" + searchId + "/probe";
    PolicyDecision decision = w.guard().requireOrHide(p, Action.REVIEW_READ,
        CollectionGrant.of(record.collections()), object,
        () -> new candor.core.policy.SearchNotFoundException(searchId));
    w.guard().record(decision, object, Map.of());
    return desk.probe(record).orElseThrow(() ->
        new ProbeNotFoundException(desk.probeMissing(record)));
  }

  /**
   * Returns a case's file: every search of the case the principal may read (granted every
   * collection it covered) with its candidates and decisions, blind where the principal has yet
   * to decide (see {@link ReviewDesk}); the case's approvals; and the audit entries that record
   * them. The read is audited ({@code policy.allow} on {@code case:<ref>}, with the searches
   * shown), and that entry is among those listed.
   *
   * @param p who asks (a role that reads reviews)
   * @param caseRef the case reference
   * @return the case file
   * @throws candor.core.policy.AccessDeniedException if the role may not read reviews (audited)
   * @throws CaseNotFoundException if the case has no search or approval the principal may read
   */
  public CaseFile caseFile(Principal p, String caseRef) {
    return open(p, caseRef, "case:" + caseRef, searches -> Map.of()).file();
  }

  /**
   * Assembles a case's report for export: the case file as {@link #caseFile} gives it, with each
   * search's probe face while it is kept, the crops of the candidates whose collections the
   * principal may read faces of, and the latest signed checkpoint of the audit chain. The export
   * is audited ({@code policy.allow} on {@code case:<ref>/report}, naming the searches and the
   * probes included), and the report lists that entry.
   *
   * <p>Privacy: the report holds face images of the probes and the candidates.
   *
   * @param p who exports (a role that reads reviews)
   * @param caseRef the case reference
   * @return the report's content
   * @throws candor.core.policy.AccessDeniedException if the role may not read reviews (audited)
   * @throws CaseNotFoundException if the case has no search or approval the principal may read
   */
  public CaseReport caseReport(Principal p, String caseRef) {
    Map<String, byte[]> probes = new LinkedHashMap<>();
    // The probes are read before the export is recorded, so that its entry names exactly the
    // probes the report holds; nothing leaves before that entry is committed.
    Opened opened = open(p, caseRef, "case:" + caseRef + "/report", searches -> {
      for (SearchRecord search : searches) {
        desk.probe(search).ifPresent(bytes -> probes.put(search.searchId(), bytes));
      }
      return Map.of("probes", List.copyOf(probes.keySet()));
    });
    Map<Long, byte[]> crops = new LinkedHashMap<>();
    for (ReviewSheet sheet : opened.file().searches()) {
      for (CandidateSheet c : sheet.candidates()) {
        if (c.erased() || c.hasCrop() == false || crops.containsKey(c.faceId())
            || w.guard().policy().decide(p, Action.SUBJECT_READ, scope(c.collection()))
                .allowed() == false) {
          continue; // a role that may not read faces (an auditor's) gets the figures only
        }
        w.store().gallery().findFace(c.faceId()).flatMap(f -> w.gallery().openCrop(f))
            .ifPresent(bytes -> crops.put(c.faceId(), bytes));
      }
    }
    return new CaseReport(opened.file(), p.actor(), opened.entry().time(),
        opened.entry().sequence(), probes, crops,
        new AuditCheckpoints(w.store().audit(), w.clock()).latest());
  }

  /** A case file and the audit entry of the read that opened it. */
  private record Opened(CaseFile file, AuditEntry entry) {}

  /**
   * Opens a case for a reader: checks the role, keeps the searches and approvals whose
   * collections the reader is granted, records the read on {@code object}, and gathers the
   * entries the reader may read.
   */
  private Opened open(Principal p, String caseRef, String object,
      Function<List<SearchRecord>, Map<String, Object>> extra) {
    Objects.requireNonNull(caseRef, "caseRef");
    w.guard().require(p, Action.REVIEW_READ);
    List<AuditEntry> ofCase = w.store().audit().withDetail("case", caseRef, CaseFile.MAX_ENTRIES);
    List<SearchRecord> searches = visibleSearches(p, caseRef, ofCase);
    List<Approval> shown = approvals.forCase(caseRef).stream()
        .filter(a -> w.guard().policy().decide(p, Action.REVIEW_READ, a.scope()).allowed())
        .toList();
    if (searches.isEmpty() && shown.isEmpty()) {
      throw new CaseNotFoundException(caseRef);
    }
    TreeSet<String> collectionsRead = new TreeSet<>();
    searches.forEach(s -> collectionsRead.addAll(s.collections()));
    shown.forEach(a -> collectionsRead.addAll(a.scope().asList()));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("case", caseRef);
    details.put("searches", searches.stream().map(SearchRecord::searchId).toList());
    details.putAll(extra.apply(searches));
    PolicyDecision decision = w.guard().require(p, Action.REVIEW_READ,
        collectionsRead.contains(CollectionGrant.ALL) ? CollectionGrant.allCollections()
            : CollectionGrant.of(collectionsRead));
    AuditEntry read = w.guard().record(decision, object, details);
    // The case's own entries (searches, denials, decisions, approvals, reads) that the reader's
    // grant covers, and everything about the searches shown (probe reads and deletions).
    Map<Long, AuditEntry> entries = new TreeMap<>();
    ofCase.stream().filter(e -> AuditScope.readable(e, p.grant().all(), p.grant().names()))
        .forEach(e -> entries.put(e.sequence(), e));
    entries.put(read.sequence(), read);
    boolean capped = ofCase.size() >= CaseFile.MAX_ENTRIES;
    for (SearchRecord search : searches) {
      List<AuditEntry> about = w.store().audit().about("search:" + search.searchId(),
          CaseFile.MAX_ENTRIES);
      capped |= about.size() >= CaseFile.MAX_ENTRIES;
      about.forEach(e -> entries.put(e.sequence(), e));
    }
    List<AuditEntry> listed = new ArrayList<>(entries.values());
    if (listed.size() > CaseFile.MAX_ENTRIES) {
      listed = listed.subList(0, CaseFile.MAX_ENTRIES);
      capped = true;
    }
    return new Opened(desk.caseFile(p, caseRef, searches, shown, listed, capped), read);
  }

  /** The case's searches (from its audit entries) whose every collection the reader is granted. */
  private List<SearchRecord> visibleSearches(Principal p, String caseRef,
      List<AuditEntry> ofCase) {
    return ofCase.stream()
        .filter(e -> e.action().equals("search.run") && e.object().startsWith("search:"))
        .map(Reviews::record)
        .filter(s -> s.caseRef().equals(caseRef))
        .filter(s -> w.guard().policy().decide(p, Action.REVIEW_READ,
            CollectionGrant.of(s.collections())).allowed())
        .toList();
  }

  /**
   * Returns the searches waiting for the principal's decision (see {@link ReviewDesk#queue}).
   *
   * @param p the reviewer
   * @return the waiting searches, oldest first
   */
  public List<QueueEntry> reviewQueue(Principal p) {
    w.guard().require(p, Action.REVIEW, scope());
    return desk.queue(p);
  }

  /**
   * Records a reviewer's verdict on a candidate.
   *
   * @param p the reviewer (granted the candidate's collection)
   * @param searchId the search
   * @param publicFaceId the candidate face's public id
   * @param verdict confirmed or rejected
   * @param note why
   * @return the candidate's status after the review
   */
  public CandidateStatus review(Principal p, String searchId, String publicFaceId,
      Verdict verdict, String note) {
    long faceId = w.ids().face(publicFaceId);
    SearchRecord record = ordinary(reviews.search(searchId));
    String collection = reviews.candidateCollection(record, faceId);
    PolicyDecision decision = w.guard().requireOrHide(p, Action.REVIEW, scope(collection),
        "search:" + searchId, () -> new candor.core.policy.SearchNotFoundException(searchId));
    return reviews.review(decision, p, record, faceId, collection, verdict, note);
  }
}
