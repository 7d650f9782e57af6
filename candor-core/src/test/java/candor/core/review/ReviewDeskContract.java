package candor.core.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.access.TestStores;
import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.model.BoundingBox;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.FaceDraft;
import candor.core.model.LawfulBasis;
import candor.core.model.Media;
import candor.core.model.Quality;
import candor.core.model.Subject;
import candor.core.policy.Action;
import candor.core.policy.CandidateState;
import candor.core.policy.CandidateStatus;
import candor.core.policy.CollectionGrant;
import candor.core.policy.Guard;
import candor.core.policy.Policy;
import candor.core.policy.PolicyConfig;
import candor.core.policy.Principal;
import candor.core.policy.Review;
import candor.core.policy.Reviews;
import candor.core.policy.Role;
import candor.core.policy.SearchRecord;
import candor.core.policy.Verdict;
import candor.core.policy.WeakCandidateException;
import candor.core.store.IngestBatch;
import candor.core.store.ReviewRecord;
import candor.core.store.ScoredCandidate;
import candor.core.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blind review on a real database: what each reader sees of a search, weak candidates, the review
 * queue, and the probe face sealed at rest and deleted when its use ends.
 */
abstract class ReviewDeskContract {

  static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");
  static final Duration RETENTION = Duration.ofDays(30);
  static final String LONG_REASON = "same ear shape, the scar under the left eye and the hairline";
  static final byte[] PROBE = "\u00ff\u00d8 a face crop stands in here: probe-face-bytes"
      .getBytes(StandardCharsets.ISO_8859_1);

  @TempDir Path dir;
  TestStores db;
  JdbcStore store;
  final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  final AtomicInteger counter = new AtomicInteger();
  Guard guard;
  Reviews reviews;
  ReviewDesk desk;

  final Principal alice = new Principal("kaaaaaaaaaaaa", "alice", Role.INVESTIGATOR,
      CollectionGrant.of(List.of("archive")));
  final Principal bob = new Principal("kbbbbbbbbbbbb", "bob", Role.SUPERVISOR,
      CollectionGrant.allCollections());
  final Principal carol = new Principal("kcccccccccccc", "carol", Role.INVESTIGATOR,
      CollectionGrant.of(List.of("archive")));
  final Principal dave = new Principal("kdddddddddddd", "dave", Role.INVESTIGATOR,
      CollectionGrant.of(List.of("watch")));
  final Principal audrey = new Principal("keeeeeeeeeeee", "audrey", Role.AUDITOR,
      CollectionGrant.allCollections());

  abstract TestStores.Db db();

  @BeforeEach
  void open() throws Exception {
    Clock clock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
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
    reviews = new Reviews(store, clock, config);
    desk = new ReviewDesk(store, reviews, config, clock);
    store.gallery().createCollection(new CollectionInfo("archive", "missing persons",
        LawfulBasis.authority("Missing Persons Act s.4"), Period.ofYears(5), false, NOW));
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  // ---- fixtures ---------------------------------------------------------------------------------

  /** Stores one image of a new subject with {@code n} faces and returns their ids. */
  List<Long> faces(int n) {
    int i = counter.incrementAndGet();
    Subject subject = store.gallery().createSubject(new Subject(UUID.randomUUID(), "archive",
        "ref-" + i, "Person " + i, LawfulBasis.consent("form " + i),
        LocalDate.parse("2030-01-01"), NOW));
    String sha = HexFormat.of().formatHex(Arrays.copyOf(("image-" + i).getBytes(), 32));
    Media media = new Media(sha, "archive", "camera-" + i, "test", NOW, 1_000, 400, 400,
        LocalDate.parse("2030-01-01"));
    List<FaceDraft> drafts = new ArrayList<>();
    for (int f = 0; f < n; f++) {
      drafts.add(new FaceDraft(subject.id(), new BoundingBox(10 + 60 * f, 20, 50, 60),
          new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new Quality(0.8, List.of("blurry")), "m1",
          new float[] {0.6f, 0, 0, 0.8f}, null, null));
    }
    return store.gallery().ingest(new IngestBatch(media, List.of(), drafts)).faces().stream()
        .map(Face::id).toList();
  }

  /**
   * Records a search by alice in the audit log, with review material: the faces as candidates
   * with the given estimated false match rates ({@code null}: not calibrated) and the probe face.
   */
  SearchRecord search(List<Long> faces, Double... fmrs) {
    String id = UUID.randomUUID().toString();
    List<ScoredCandidate> scored = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      Double fmr = fmrs[i];
      scored.add(new ScoredCandidate(faces.get(i), i + 1, 0.8f - 0.1f * i, fmr,
          fmr == null ? null : "ESTIMATE"));
    }
    store.inTransaction(tx -> {
      store.reviews().record(tx, ReviewRecord.kept(id, "alice", now.get(), scored,
          now.get().plus(RETENTION)), PROBE);
      return store.audit().append(tx, new AuditEvent(alice.actor(), "search.run",
          "search:" + id, Map.of("search_id", id, "purpose", "missing-person", "case",
              "CASE-9", "collections", List.of("archive"), "candidates", faces)));
    });
    return reviews.search(id);
  }

  CandidateStatus decide(Principal p, SearchRecord s, long face, Verdict v, String note) {
    return reviews.review(guard.require(p, Action.REVIEW, CollectionGrant.of(List.of("archive"))),
        p, s, face, "archive", v, note);
  }

  CandidateSheet sheetOf(Principal reader, SearchRecord s, long face) {
    return desk.sheet(reader, s).candidates().stream().filter(c -> c.faceId() == face)
        .findFirst().orElseThrow();
  }

  List<String> actions() {
    return store.audit().entries(0, 1_000).stream().map(AuditEntry::action).toList();
  }

  byte[] column(String sql, String searchId) throws Exception {
    try (Connection c = db.connect(); PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, searchId);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? r.getBytes(1) : null;
      }
    }
  }

  boolean dataKeyExists(String owner) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement p = c.prepareStatement("SELECT 1 FROM data_keys WHERE owner = ?")) {
      p.setString(1, owner);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  // ---- blind reads --------------------------------------------------------------------------------

  @Test
  void a_reviewer_sees_the_faces_and_figures_but_no_other_decision_until_they_decide() {
    List<Long> f = faces(2);
    SearchRecord s = search(f, 1e-6, 2e-6);
    decide(alice, s, f.get(0), Verdict.CONFIRMED, "same ear shape and scar");

    CandidateSheet before = sheetOf(bob, s, f.get(0));
    assertThat(before.blind()).isTrue();
    assertThat(before.state()).isNull();
    assertThat(before.reviews()).isEmpty();
    assertThat(before.score()).isEqualTo(0.8f);
    assertThat(before.fmr().fmr()).isEqualTo(1e-6);
    assertThat(before.weak()).isFalse();
    assertThat(before.collection()).isEqualTo("archive");
    assertThat(before.subject().displayName()).startsWith("Person ");
    assertThat(before.basis()).isEqualTo(LawfulBasis.consent("form " + counter.get()));
    assertThat(before.basisFromCollection()).isFalse();
    assertThat(before.source()).isEqualTo("camera-" + counter.get());
    assertThat(before.quality().reasons()).containsExactly("blurry");
    ReviewSheet bobs = desk.sheet(bob, s);
    assertThat(bobs.probeAvailable()).isTrue();
    assertThat(bobs.readerMayDecide()).isTrue();
    assertThat(bobs.searcher()).isEqualTo("alice");

    // The first reviewer sees their own decision; the auditor, who cannot decide, sees all.
    assertThat(sheetOf(alice, s, f.get(0)).reviews()).extracting(Review::reviewer)
        .containsExactly("alice");
    assertThat(sheetOf(alice, s, f.get(0)).state())
        .isEqualTo(CandidateState.AWAITING_SECOND_CONFIRMATION);
    assertThat(sheetOf(audrey, s, f.get(0)).blind()).isFalse();
    assertThat(sheetOf(audrey, s, f.get(0)).reviews()).hasSize(1);
    assertThat(desk.sheet(audrey, s).readerMayDecide()).isFalse();

    decide(bob, s, f.get(0), Verdict.CONFIRMED, "agree: ear and scar");
    CandidateSheet after = sheetOf(bob, s, f.get(0));
    assertThat(after.blind()).isFalse();
    assertThat(after.state()).isEqualTo(CandidateState.IDENTIFIED);
    assertThat(after.reviews()).extracting(Review::reviewer, Review::note).containsExactly(
        org.assertj.core.groups.Tuple.tuple("alice", "same ear shape and scar"),
        org.assertj.core.groups.Tuple.tuple("bob", "agree: ear and scar"));
    // Deciding on one candidate does not open the others.
    assertThat(sheetOf(bob, s, f.get(1)).blind()).isTrue();
  }

  // ---- weak candidates ------------------------------------------------------------------------------

  @Test
  void confirming_a_weak_candidate_is_refused_without_a_written_reason() {
    List<Long> f = faces(3);
    SearchRecord s = search(f, 0.06, null, 1e-6);

    assertThat(sheetOf(alice, s, f.get(0)).weak()).isTrue();
    assertThat(sheetOf(alice, s, f.get(1)).weak()).isTrue();
    assertThat(sheetOf(alice, s, f.get(2)).weak()).isFalse();
    int before = actions().size();
    assertThatThrownBy(() -> decide(alice, s, f.get(0), Verdict.CONFIRMED, "same"))
        .isInstanceOf(WeakCandidateException.class)
        .hasMessage("rule weak-candidate-reason: candidate #1 is weak"
            + " (estimated false match rate 6.0e-02 is above the review threshold 1.0e-03),"
            + " so confirming it needs a note of at least 40 characters saying why; got 4");
    assertThatThrownBy(() -> decide(alice, s, f.get(1), Verdict.CONFIRMED,
        "looks like the same person to me"))
        .isInstanceOf(WeakCandidateException.class)
        .hasMessage("rule weak-candidate-reason: candidate #2 is weak"
            + " (no calibrated false match rate was recorded for it), so confirming it needs a"
            + " note of at least 40 characters saying why; got 32");
    assertThat(actions()).hasSize(before);
    assertThat(reviews.status(s.searchId(), f.get(0)).state())
        .isEqualTo(CandidateState.UNREVIEWED);

    assertThat(decide(alice, s, f.get(0), Verdict.CONFIRMED, LONG_REASON).state())
        .isEqualTo(CandidateState.AWAITING_SECOND_CONFIRMATION);
    assertThat(store.audit().entries(0, 1_000).getLast().detailsJson())
        .contains("\"weak\":true");
    assertThat(decide(alice, s, f.get(1), Verdict.REJECTED, "no").state())
        .isEqualTo(CandidateState.REJECTED);
    assertThat(decide(alice, s, f.get(2), Verdict.CONFIRMED, "same").state())
        .isEqualTo(CandidateState.AWAITING_SECOND_CONFIRMATION);
  }

  // ---- the queue --------------------------------------------------------------------------------------

  @Test
  void the_queue_holds_the_searches_waiting_for_each_reviewer() {
    List<Long> f = faces(3);
    SearchRecord s = search(f, 1e-6, 1e-6, 1e-6);
    assertThat(desk.queue(alice)).singleElement().satisfies(e -> {
      assertThat(e.search().searchId()).isEqualTo(s.searchId());
      assertThat(e.ownSearch()).isTrue();
      assertThat(e.undecided()).isEqualTo(3);
      assertThat(e.probeAvailable()).isTrue();
    });
    assertThat(desk.queue(bob)).isEmpty();

    decide(alice, s, f.get(0), Verdict.CONFIRMED, "same ear shape and scar");
    decide(alice, s, f.get(1), Verdict.REJECTED, "different nose");
    assertThat(desk.queue(bob)).singleElement().satisfies(e -> {
      assertThat(e.search().searchId()).isEqualTo(s.searchId());
      assertThat(e.ownSearch()).isFalse();
      assertThat(e.undecided()).isEqualTo(3);
    });
    assertThat(desk.queue(carol)).extracting(e -> e.search().searchId())
        .containsExactly(s.searchId());
    assertThat(desk.queue(dave)).as("not granted the search's collection").isEmpty();
    assertThat(desk.queue(alice)).singleElement()
        .satisfies(e -> assertThat(e.undecided()).isEqualTo(1));

    decide(bob, s, f.get(0), Verdict.CONFIRMED, "agree: ear and scar");
    assertThat(desk.queue(bob)).as("identified: no second confirmation waits").isEmpty();
    assertThat(desk.queue(carol)).isEmpty();
    assertThat(desk.queue(alice)).as("her own search still has an undecided candidate")
        .hasSize(1);
    decide(alice, s, f.get(2), Verdict.REJECTED, "different chin");
    assertThat(desk.queue(alice)).isEmpty();
  }

  @Test
  void an_own_search_leaves_the_queue_when_its_review_window_ends() {
    List<Long> f = faces(1);
    search(f, 1e-6);
    assertThat(desk.queue(alice)).hasSize(1);
    now.set(NOW.plus(RETENTION));
    assertThat(desk.queue(alice)).isEmpty();
  }

  // ---- the probe ------------------------------------------------------------------------------------

  @Test
  void the_probe_is_sealed_at_rest_and_deleted_when_every_candidate_is_decided() throws Exception {
    List<Long> f = faces(2);
    SearchRecord s = search(f, 1e-6, 1e-6);
    byte[] sealed = column("SELECT probe FROM review_searches WHERE search_id = ?",
        s.searchId());
    assertThat(sealed).isNotNull();
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("probe-face-bytes");
    assertThat(dataKeyExists("search:" + s.searchId())).isTrue();
    assertThat(desk.probe(s)).hasValueSatisfying(b -> assertThat(b).isEqualTo(PROBE));

    decide(alice, s, f.get(0), Verdict.CONFIRMED, "same ear shape and scar");
    decide(alice, s, f.get(1), Verdict.REJECTED, "different nose");
    assertThat(desk.probe(s)).as("one candidate still awaits a second confirmation").isPresent();
    decide(bob, s, f.get(0), Verdict.CONFIRMED, "agree: ear and scar");

    assertThat(desk.probe(s)).isEmpty();
    assertThat(column("SELECT probe FROM review_searches WHERE search_id = ?", s.searchId()))
        .isNull();
    assertThat(dataKeyExists("search:" + s.searchId())).isFalse();
    AuditEntry last = store.audit().entries(0, 1_000).getLast();
    assertThat(last.action()).isEqualTo("search.probe-deleted");
    assertThat(last.actor()).isEqualTo(bob.actor());
    assertThat(last.detailsJson()).contains("\"reason\":\"every candidate decided\"");
    ReviewSheet sheet = desk.sheet(bob, s);
    assertThat(sheet.probeAvailable()).isFalse();
    assertThat(sheet.probeDeletedAt()).isEqualTo(NOW);
    assertThat(sheet.probeDeletedReason()).isEqualTo("every candidate decided");
    assertThat(desk.probeMissing(s)).isEqualTo("the probe face of search " + s.searchId()
        + " was deleted at " + NOW + ": every candidate decided");
  }

  @Test
  void a_probe_past_its_retention_is_unreadable_and_the_sweep_deletes_it() throws Exception {
    List<Long> f = faces(1);
    SearchRecord s = search(f, 1e-6);
    SearchRecord other = search(faces(1), 1e-6);
    now.set(NOW.plus(RETENTION).minusSeconds(1));
    assertThat(desk.probe(s)).isPresent();
    assertThat(reviews.deleteExpiredProbes("system:retention")).isZero();

    now.set(NOW.plus(RETENTION));
    assertThat(desk.probe(s)).isEmpty();
    assertThat(desk.sheet(alice, s).probeAvailable()).isFalse();
    assertThat(reviews.deleteExpiredProbes("system:retention")).isEqualTo(2);
    assertThat(dataKeyExists("search:" + s.searchId())).isFalse();
    assertThat(dataKeyExists("search:" + other.searchId())).isFalse();
    assertThat(store.audit().entries(0, 1_000).getLast().detailsJson())
        .contains("\"reason\":\"probe retention ended\"");
    assertThat(actions().stream().filter("search.probe-deleted"::equals)).hasSize(2);
    assertThat(reviews.deleteExpiredProbes("system:retention")).isZero();
    // The review itself goes on without the probe.
    assertThat(decide(alice, s, f.get(0), Verdict.REJECTED, "different nose").state())
        .isEqualTo(CandidateState.REJECTED);
  }

  @Test
  void rotating_the_master_key_rewraps_the_probes_key_too() {
    SearchRecord s = search(faces(1), 1e-6);
    assertThat(store.rotateMasterKey()).isGreaterThanOrEqualTo(2);
    assertThat(desk.probe(s)).hasValueSatisfying(b -> assertThat(b).isEqualTo(PROBE));
  }

  @Test
  void a_sealed_probe_cannot_be_opened_as_another_searchs() throws Exception {
    SearchRecord s = search(faces(1), 1e-6);
    SearchRecord t = search(faces(1), 1e-6);
    byte[] moved = column("SELECT probe FROM review_searches WHERE search_id = ?", s.searchId());
    try (Connection c = db.connect(); PreparedStatement p = c.prepareStatement(
        "UPDATE review_searches SET probe = ? WHERE search_id = ?")) {
      p.setBytes(1, moved);
      p.setString(2, t.searchId());
      assertThat(p.executeUpdate()).isEqualTo(1);
    }
    assertThatThrownBy(() -> desk.probe(t))
        .isInstanceOf(candor.core.crypto.DecryptionFailedException.class);
  }
}
