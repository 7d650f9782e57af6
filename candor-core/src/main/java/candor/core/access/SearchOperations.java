package candor.core.access;

import static candor.core.access.Wiring.scope;
import static candor.core.access.Wiring.sha256;

import candor.core.eval.FaceChoice;
import candor.core.gallery.CollectionService;
import candor.core.gallery.GalleryIdentification;
import candor.core.gallery.SearchMode;
import candor.core.gallery.SearchPurpose;
import candor.core.gallery.SearchQuery;
import candor.core.gallery.SearchResult;
import candor.core.gallery.SearchService;
import candor.core.model.CollectionInfo;
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

  SearchOperations(Wiring w, CollectionService collections, SearchService search,
      SearchApprovals approvals, Reviews reviews) {
    this.w = Objects.requireNonNull(w, "w");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.search = Objects.requireNonNull(search, "search");
    this.approvals = Objects.requireNonNull(approvals, "approvals");
    this.reviews = Objects.requireNonNull(reviews, "reviews");
  }

  /**
   * Runs a 1:N search for a purpose and a case. A search of several collections, or all of
   * them, needs a supervisor's approval recorded first for the same case and purpose.
   *
   * @param p who searches
   * @param ask the request
   * @return the candidates, for human review
   * @throws IllegalArgumentException if the purpose is not on this deployment's list, or is
   *     {@code subject-access-request} (a privacy officer's access request runs those)
   * @throws ApprovalRequiredException if no approval covers a multi-collection search (audited)
   * @throws CollectionNotFoundException if a collection does not exist
   */
  public SearchResult search(Principal p, SearchAsk ask) {
    Objects.requireNonNull(ask, "ask");
    if (SearchPurpose.parse(ask.purpose()) == SearchPurpose.SUBJECT_ACCESS_REQUEST) {
      throw new IllegalArgumentException("search purpose subject-access-request is for a"
          + " person's own request: a privacy officer runs it with 'candor requests access'"
          + " (POST /v1/requests/access)");
    }
    SearchPurpose purpose = w.guard().policy().config().purpose(ask.purpose());
    return run(p, purpose, ask.caseRef(), CollectionGrant.of(ask.collections()), ask.k(),
        ask.probe(), ask.probeFace(), ask.by());
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
    return GalleryIdentification.run(q -> run(p, purpose, q.caseRef(), scope, q.k(),
            new Upload(q.probeName(), q.probe()), q.probeFace(), q.by()),
        dataset, p.actor(), caseRef, new TreeSet<>(names), probeFace, by, firstProbe, threads,
        progress);
  }

  private SearchResult run(Principal p, SearchPurpose purpose, String caseRef,
      CollectionGrant scope, int k, Upload probe, FaceChoice probeFace, SearchMode by) {
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
      throw new IllegalArgumentException("there is no collection to search");
    }
    // The decision and the approval go into the search's own audit entry: one append, so the
    // log never holds an allowed search without its result, nor a search without its reason.
    Map<String, Object> authorization = new LinkedHashMap<>();
    authorization.put("policy", decision.auditDetails());
    if (details.containsKey("approval")) {
      authorization.put("approval", details.get("approval"));
    }
    return search.search(new SearchQuery(p.actor(), purpose, caseRef, new TreeSet<>(names), k,
        probe.bytes(), probe.name(), probeFace, by), authorization);
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
   * Returns a search's record and the review status of each candidate.
   *
   * @param p who asks (granted every collection the search covered)
   * @param searchId the search
   * @return the search and its candidates' statuses
   * @throws candor.core.policy.SearchNotFoundException if there is no such search, or it covered
   *     a collection the principal is not granted
   */
  public SearchReviews searchReviews(Principal p, String searchId) {
    SearchRecord record = ordinary(reviews.search(searchId));
    w.guard().requireOrHide(p, Action.REVIEW_READ, CollectionGrant.of(record.collections()),
        "search:" + searchId, () -> new candor.core.policy.SearchNotFoundException(searchId));
    return new SearchReviews(record, reviews.statuses(record));
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
    SearchRecord record = ordinary(reviews.search(searchId));
    String collection = reviews.candidateCollection(record, faceId);
    PolicyDecision decision = w.guard().requireOrHide(p, Action.REVIEW, scope(collection),
        "search:" + searchId, () -> new candor.core.policy.SearchNotFoundException(searchId));
    return reviews.review(decision, p, record, faceId, collection, verdict, note);
  }
}
