package candor.core.access;

import static candor.core.access.Wiring.scope;
import static candor.core.access.Wiring.sha256;

import candor.core.eval.FaceChoice;
import candor.core.gallery.CollectionService;
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
import candor.core.review.ProbeNotFoundException;
import candor.core.review.QueueEntry;
import candor.core.review.ReviewDesk;
import candor.core.review.ReviewSheet;
import candor.core.store.CollectionNotFoundException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
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
   * @throws InvalidRequestException if the purpose is not on this deployment's list
   * @throws ApprovalRequiredException if no approval covers a multi-collection search (audited)
   * @throws CollectionNotFoundException if a collection does not exist
   */
  public SearchResult search(Principal p, SearchAsk ask) {
    Objects.requireNonNull(ask, "ask");
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
      CollectionGrant scope, int k, Upload probe, FaceChoice probeFace, SearchMode by,
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
    SearchRecord record = reviews.search(searchId);
    w.guard().requireOrHide(p, Action.REVIEW_READ, CollectionGrant.of(record.collections()),
        "search:" + searchId, () -> new candor.core.policy.SearchNotFoundException(searchId));
    return desk.sheet(p, record);
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
    SearchRecord record = reviews.search(searchId);
    String object = "search:" + searchId + "/probe";
    PolicyDecision decision = w.guard().requireOrHide(p, Action.REVIEW_READ,
        CollectionGrant.of(record.collections()), object,
        () -> new candor.core.policy.SearchNotFoundException(searchId));
    w.guard().record(decision, object, Map.of());
    return desk.probe(record).orElseThrow(() ->
        new ProbeNotFoundException(desk.probeMissing(record)));
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
    SearchRecord record = reviews.search(searchId);
    String collection = reviews.candidateCollection(record, faceId);
    PolicyDecision decision = w.guard().requireOrHide(p, Action.REVIEW, scope(collection),
        "search:" + searchId, () -> new candor.core.policy.SearchNotFoundException(searchId));
    return reviews.review(decision, p, record, faceId, collection, verdict, note);
  }
}
