package candor.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.access.TestStores;
import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.gallery.SearchPurpose;
import candor.core.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard, approvals and reviews on a real database: decisions audited, approvals covering
 * searches, the two-person rule.
 */
abstract class AccountabilityContract {

  static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");
  /**
   * A note long enough to confirm a weak candidate: these searches record no scores, so every
   * candidate counts as weak.
   */
  static final String NOTE = "eyes, nose and the scar above the lip match the photo";

  @TempDir Path dir;
  TestStores db;
  JdbcStore store;
  AtomicReference<Instant> now = new AtomicReference<>(NOW);
  Clock clock;
  Guard guard;
  SearchApprovals approvals;
  Reviews reviews;

  final Principal alice = new Principal("kaaaaaaaaaaaa", "alice", Role.INVESTIGATOR,
      CollectionGrant.of(List.of("archive", "watch")));
  final Principal alice2 = new Principal("kaaaaaaaaaaa2", "alice", Role.SUPERVISOR,
      CollectionGrant.allCollections());
  final Principal bob = new Principal("kbbbbbbbbbbbb", "bob", Role.SUPERVISOR,
      CollectionGrant.allCollections());
  final Principal carol = new Principal("kcccccccccccc", "carol", Role.INVESTIGATOR,
      CollectionGrant.of(List.of("archive")));

  abstract TestStores.Db db();

  @BeforeEach
  void open() throws Exception {
    clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    db = TestStores.open(db(), dir, clock);
    store = db.store();
    PolicyConfig config = PolicyConfig.defaults();
    guard = new Guard(store, new Policy(config));
    approvals = new SearchApprovals(store, config, clock);
    reviews = new Reviews(store, clock);
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  List<AuditEntry> audit() {
    return store.audit().entries(0, 1_000);
  }

  // ---- guard ------------------------------------------------------------------------------------

  @Test
  void a_denial_is_audited_before_it_is_thrown() {
    assertThatThrownBy(() -> guard.require(carol, Action.SEARCH,
        CollectionGrant.of(List.of("watch"))))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("key kcccccccccccc is not granted collection watch");
    AuditEntry entry = audit().getLast();
    assertThat(entry.action()).isEqualTo("policy.deny");
    assertThat(entry.actor()).isEqualTo("carol (key kcccccccccccc)");
    assertThat(entry.detailsJson()).contains("\"allowed\":false")
        .contains("not granted collection watch");
  }

  @Test
  void an_allowed_decision_is_returned_unaudited_for_the_action_to_record() {
    PolicyDecision d = guard.require(carol, Action.SEARCH, CollectionGrant.of(List.of("archive")));
    assertThat(d.allowed()).isTrue();
    assertThat(audit()).isEmpty();
    guard.requireAndRecord(carol, Action.DETECT, CollectionGrant.of(List.of()), "media:x",
        Map.of("k", 1));
    assertThat(audit()).extracting(AuditEntry::action).containsExactly("policy.allow");
    assertThat(audit().getFirst().detailsJson()).contains("\"k\":1").contains("\"allowed\":true");
  }

  // ---- approvals -------------------------------------------------------------------------------

  ApprovalRequest request(List<String> collections, String investigator) {
    return new ApprovalRequest("CASE-7", SearchPurpose.MISSING_PERSON,
        CollectionGrant.of(collections), investigator, "child missing since Tuesday",
        Duration.ofDays(2));
  }

  Approval approveAsBob(List<String> collections, String investigator) {
    PolicyDecision d = guard.require(bob, Action.SEARCH_APPROVE, CollectionGrant.of(collections));
    return approvals.approve(d, bob, request(collections, investigator));
  }

  @Test
  void an_approval_is_recorded_and_audited_then_covers_the_search() {
    Approval approval = approveAsBob(List.of("archive", "watch"), "alice");
    assertThat(approval.expires()).isEqualTo(NOW.plus(Duration.ofDays(2)));
    AuditEntry entry = audit().getLast();
    assertThat(entry.action()).isEqualTo("search.approve");
    assertThat(entry.object()).isEqualTo("approval:" + approval.id());
    assertThat(entry.detailsJson()).contains("\"case\":\"CASE-7\"")
        .contains("\"collections\":[\"archive\",\"watch\"]");

    SearchApprovals.Coverage coverage = approvals.coverage(alice, SearchPurpose.MISSING_PERSON,
        "CASE-7", CollectionGrant.of(List.of("archive", "watch")));
    assertThat(coverage.approval()).contains(approval);
    assertThat(approvals.find(approval.id())).contains(approval);
  }

  @Test
  void an_approval_covers_only_its_case_purpose_user_collections_and_time() {
    Approval approval = approveAsBob(List.of("archive", "watch"), "alice");
    CollectionGrant both = CollectionGrant.of(List.of("archive", "watch"));
    assertThat(approvals.coverage(alice, SearchPurpose.MISSING_PERSON, "CASE-8", both)
        .approval()).isEmpty();
    assertThat(approvals.coverage(alice, SearchPurpose.CRIMINAL_INVESTIGATION, "CASE-7", both)
        .reasons()).containsExactly("approval " + approval.id() + " is for purpose missing-person");
    assertThat(approvals.coverage(carol, SearchPurpose.MISSING_PERSON, "CASE-7", both)
        .reasons()).containsExactly("approval " + approval.id() + " is for user alice");
    assertThat(approvals.coverage(alice, SearchPurpose.MISSING_PERSON, "CASE-7",
        CollectionGrant.of(List.of("archive", "other"))).reasons())
        .containsExactly("approval " + approval.id() + " does not cover collection other");
    assertThat(approvals.coverage(alice, SearchPurpose.MISSING_PERSON, "CASE-7",
        CollectionGrant.allCollections()).reasons())
        .containsExactly("approval " + approval.id() + " covers archive,watch, not all collections");
    now.set(NOW.plus(Duration.ofDays(2)));
    assertThat(approvals.coverage(alice, SearchPurpose.MISSING_PERSON, "CASE-7", both)
        .reasons().getFirst()).startsWith("approval " + approval.id() + " expired at");
  }

  @Test
  void a_supervisor_cannot_approve_their_own_search() {
    Approval approval = approveAsBob(List.of("*"), null);
    assertThat(approvals.coverage(bob, SearchPurpose.MISSING_PERSON, "CASE-7",
        CollectionGrant.allCollections()).reasons()).containsExactly("approval " + approval.id()
        + " was given by bob, who cannot approve their own searches");
    assertThat(approvals.coverage(carol, SearchPurpose.MISSING_PERSON, "CASE-7",
        CollectionGrant.allCollections()).approval()).contains(approval);
  }

  @Test
  void an_approval_must_span_several_collections_and_not_outlast_the_policy() {
    assertThatThrownBy(() -> request(List.of("archive"), null))
        .hasMessageStartingWith("a search of one collection needs no approval");
    PolicyDecision d = guard.require(bob, Action.SEARCH_APPROVE, CollectionGrant.allCollections());
    assertThatThrownBy(() -> approvals.approve(d, bob, new ApprovalRequest("C", SearchPurpose
        .MISSING_PERSON, CollectionGrant.allCollections(), null, "n", Duration.ofDays(31))))
        .hasMessage("an approval lasts at most 30 days, got PT744H");
  }

  // ---- reviews ---------------------------------------------------------------------------------

  SearchRecord searchWith(long... faces) {
    String id = java.util.UUID.randomUUID().toString();
    List<Long> candidates = java.util.Arrays.stream(faces).boxed().toList();
    store.audit().append(new AuditEvent("alice (key kaaaaaaaaaaaa)", "search.run", "search:" + id,
        Map.of("search_id", id, "purpose", "missing-person", "case", "CASE-7",
            "collections", List.of("archive"), "candidates", candidates)));
    return reviews.search(id);
  }

  CandidateStatus review(Principal p, SearchRecord s, long face, Verdict v) {
    PolicyDecision d = guard.require(p, Action.REVIEW, CollectionGrant.of(List.of("archive")));
    return reviews.review(d, p, s, face, "archive", v, NOTE);
  }

  @Test
  void a_search_is_read_back_from_its_audit_entry() {
    SearchRecord s = searchWith(11, 12, 13);
    assertThat(s.candidates()).containsExactly(11L, 12L, 13L);
    assertThat(s.caseRef()).isEqualTo("CASE-7");
    assertThat(s.collections()).containsExactly("archive");
    assertThatThrownBy(() -> reviews.search("nope"))
        .isInstanceOf(SearchNotFoundException.class).hasMessage("search nope does not exist");
    assertThatThrownBy(() -> reviews.candidateCollection(s, 99))
        .isInstanceOf(CandidateNotFoundException.class)
        .hasMessage("the face is not a candidate of search " + s.searchId());
  }

  @Test
  void a_candidate_is_identified_only_when_two_different_users_confirm() {
    SearchRecord s = searchWith(11, 12);
    assertThat(review(alice, s, 11, Verdict.CONFIRMED).state())
        .isEqualTo(CandidateState.AWAITING_SECOND_CONFIRMATION);
    assertThat(review(bob, s, 11, Verdict.CONFIRMED).state()).isEqualTo(CandidateState.IDENTIFIED);

    List<String> actions = audit().stream().map(AuditEntry::action).toList();
    assertThat(actions).containsSubsequence("review.confirmed", "review.confirmed",
        "candidate.identified");
    AuditEntry identified = audit().getLast();
    assertThat(identified.object()).isEqualTo("search:" + s.searchId() + "/face:11");
    assertThat(identified.detailsJson()).contains("\"confirmed_by\":[\"alice\",\"bob\"]");

    List<CandidateStatus> statuses = reviews.statuses(s);
    assertThat(statuses).extracting(CandidateStatus::faceId).containsExactly(11L, 12L);
    assertThat(statuses).extracting(CandidateStatus::state)
        .containsExactly(CandidateState.IDENTIFIED, CandidateState.UNREVIEWED);
  }

  @Test
  void the_same_user_cannot_confirm_twice_even_with_another_key() {
    SearchRecord s = searchWith(11);
    review(alice, s, 11, Verdict.CONFIRMED);
    assertThatThrownBy(() -> review(alice2, s, 11, Verdict.CONFIRMED))
        .isInstanceOf(DuplicateReviewException.class)
        .hasMessage("alice has already reviewed candidate #1 of search " + s.searchId());
    assertThat(reviews.status(s.searchId(), 11).state())
        .isEqualTo(CandidateState.AWAITING_SECOND_CONFIRMATION);
    assertThat(audit()).extracting(AuditEntry::action).doesNotContain("candidate.identified");
  }

  @Test
  void a_rejection_disputes_an_identification_and_is_audited() {
    SearchRecord s = searchWith(11);
    review(alice, s, 11, Verdict.CONFIRMED);
    review(bob, s, 11, Verdict.CONFIRMED);
    assertThat(review(carol, s, 11, Verdict.REJECTED).state()).isEqualTo(CandidateState.DISPUTED);
    assertThat(audit().getLast().action()).isEqualTo("candidate.disputed");
  }

  @Test
  void the_note_stays_out_of_the_audit_which_keeps_its_digest() {
    SearchRecord s = searchWith(11);
    review(alice, s, 11, Verdict.REJECTED);
    AuditEntry entry = audit().getLast();
    assertThat(entry.action()).isEqualTo("review.rejected");
    assertThat(entry.detailsJson()).doesNotContain("scar")
        .contains("\"note_sha256\":\"" + Reviews.sha256(NOTE) + "\"");
    assertThat(reviews.status(s.searchId(), 11).reviews().getFirst().note()).isEqualTo(NOTE);
  }

  @Test
  void a_review_needs_a_note_and_a_candidate_of_the_search() {
    SearchRecord s = searchWith(11);
    PolicyDecision d = guard.require(alice, Action.REVIEW, CollectionGrant.of(List.of("archive")));
    assertThatThrownBy(() -> reviews.review(d, alice, s, 11, "archive", Verdict.CONFIRMED, " "))
        .hasMessage("a note is required");
    assertThatThrownBy(() -> reviews.review(d, alice, s, 12, "archive", Verdict.CONFIRMED, "n"))
        .isInstanceOf(CandidateNotFoundException.class);
  }
}
