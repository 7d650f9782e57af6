package candor.core.policy;

import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.gallery.FalseMatchEstimate;
import candor.core.model.Face;
import candor.core.policy.jdbc.Jdbc;
import candor.core.store.ScoredCandidate;
import candor.core.store.Store;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Human review of search candidates: each reviewer confirms or rejects a candidate with a note,
 * and a candidate becomes {@link CandidateState#IDENTIFIED} only when two different users have
 * confirmed it and nobody has rejected it.
 *
 * <p>A review names a search by the id its audit entry ({@code search.run}) records, and a
 * candidate by face id; the face must be among the candidates that entry lists. Each review is
 * stored and audited ({@code review.confirmed} or {@code review.rejected}, with the policy
 * decision) in one transaction; the review that completes an identification also appends {@code
 * candidate.identified}, and one that disputes an identification {@code candidate.disputed}, in
 * the same transaction.
 *
 * <p>A weak candidate (its estimated false match rate, as the search recorded it, is above the
 * deployment's review threshold, or it has none: see {@link PolicyConfig#reviewThreshold()}) is
 * confirmed only with a written reason: a note of at least {@link #WEAK_REASON_MIN} characters;
 * otherwise {@link WeakCandidateException}. Rejecting needs no more than a note.
 *
 * <p>Privacy: the note, which may name people, is kept in the reviews table, where it can be
 * erased; the append-only audit keeps only its SHA-256. The search's probe face, kept sealed for
 * its reviewers (see {@link candor.core.store.ReviewStore}), is deleted in the transaction of the
 * review that settles the search's last open candidate ({@link CandidateState#settled()}), and
 * otherwise by {@link #deleteExpiredProbes} once the probe retention ends; each deletion is
 * audited ({@code search.probe-deleted}). A search whose open candidate was erased keeps its
 * probe until the retention ends.
 *
 * <p>Thread-safe.
 */
public final class Reviews {

  /**
   * The shortest written reason that confirms a weak candidate, in characters (after trimming):
   * {@value}, a sentence saying what in the two faces agrees, not "same" or "ok".
   */
  public static final int WEAK_REASON_MIN = 40;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NOTE = 4_096;
  private static final int PROBE_PAGE = 100;
  private static final String PROBE_SETTLED = "every candidate decided";
  private static final String PROBE_EXPIRED = "probe retention ended";

  private final Store store;
  private final Clock clock;
  private final PolicyConfig config;

  /**
   * Creates the service with the default policy configuration.
   *
   * @param store the store holding reviews and the audit log
   * @param clock the clock for review times
   */
  public Reviews(Store store, Clock clock) {
    this(store, clock, PolicyConfig.defaults());
  }

  /**
   * Creates the service.
   *
   * @param store the store holding reviews and the audit log
   * @param clock the clock for review times
   * @param config the deployment's policy, whose review threshold marks candidates weak
   */
  public Reviews(Store store, Clock clock, PolicyConfig config) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Returns a candidate's estimated false match rate as its search recorded it.
   *
   * @param searchId the search
   * @param faceId the candidate
   * @return the estimate, or empty when the model has no calibration or the search recorded no
   *     scores (one run by the command line, or before scores were kept)
   */
  public Optional<FalseMatchEstimate> estimate(String searchId, long faceId) {
    return store.reviews().find(searchId).flatMap(r -> r.candidates().stream()
        .filter(c -> c.faceId() == faceId).findFirst()).flatMap(Reviews::estimate);
  }

  /**
   * Converts a recorded candidate's estimate.
   *
   * @param candidate the recorded candidate
   * @return its estimate, or empty when it has none
   */
  public static Optional<FalseMatchEstimate> estimate(ScoredCandidate candidate) {
    return candidate.fmr() == null ? Optional.empty() : Optional.of(new FalseMatchEstimate(
        candidate.fmr(), FalseMatchEstimate.Bound.valueOf(candidate.fmrBound())));
  }

  /**
   * Reads a search's audit record.
   *
   * @param searchId the search's id
   * @return the search
   * @throws SearchNotFoundException if the audit log records no such search
   */
  public SearchRecord search(String searchId) {
    Objects.requireNonNull(searchId, "searchId");
    return Jdbc.read(store, "read search", c -> Jdbc.one(c,
            "SELECT seq, at_micros, actor, details FROM audit_log"
                + " WHERE object = ? AND action = 'search.run' ORDER BY seq",
            row -> record(searchId, row), "search:" + searchId))
        .orElseThrow(() -> new SearchNotFoundException(searchId));
  }

  /**
   * Returns the collection of a candidate, checking that the face was a candidate of the search
   * and still exists; the caller checks that the reviewer is granted it.
   *
   * @param search the search
   * @param faceId the candidate face
   * @return the face's collection
   * @throws CandidateNotFoundException if the face was not a candidate, or was erased since
   */
  public String candidateCollection(SearchRecord search, long faceId) {
    if (search.candidates().contains(faceId) == false) {
      throw new CandidateNotFoundException(
          "the face is not a candidate of search " + search.searchId());
    }
    return store.gallery().findFace(faceId).map(Face::collection).orElseThrow(() ->
        new CandidateNotFoundException(candidate(search, faceId) + " of search "
            + search.searchId() + " no longer exists (it was erased)"));
  }

  /**
   * Records a reviewer's verdict on a candidate and audits it, in one transaction.
   *
   * @param decision the decision allowing {@link Action#REVIEW} on the candidate's collection
   *     ({@link Action#REQUEST_REVIEW} for a match of an access request)
   * @param reviewer who reviews
   * @param search the search
   * @param faceId the candidate, checked with {@link #candidateCollection}
   * @param collection the candidate's collection
   * @param verdict confirmed or rejected
   * @param note why; not blank, at most 4,096 characters
   * @return the candidate's status after the review
   * @throws DuplicateReviewException if the reviewer (the user, whichever key) has already
   *     reviewed this candidate
   * @throws WeakCandidateException if the verdict confirms a weak candidate and the note is
   *     shorter than {@link #WEAK_REASON_MIN} characters
   * @throws IllegalArgumentException if the note is blank or too long, or the decision does not
   *     allow reviewing
   */
  public CandidateStatus review(PolicyDecision decision, Principal reviewer, SearchRecord search,
      long faceId, String collection, Verdict verdict, String note) {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(verdict, "verdict");
    if (decision.allowed() == false || (decision.action() != Action.REVIEW
        && decision.action() != Action.REQUEST_REVIEW)) {
      throw new IllegalArgumentException("expected a decision allowing review, got " + decision);
    }
    Texts.require("note", note, MAX_NOTE);
    if (search.candidates().contains(faceId) == false) {
      throw new CandidateNotFoundException(
          "the face is not a candidate of search " + search.searchId());
    }
    Optional<FalseMatchEstimate> fmr = estimate(search.searchId(), faceId);
    // An access request's matches are all at or above the strict threshold (calibrated FMR 1e-5
    // by default) by construction and keep no review scores; the weak rule is for 1:N searches.
    boolean weak = decision.action() == Action.REVIEW && config.weak(fmr.orElse(null));
    if (weak && verdict == Verdict.CONFIRMED && note.strip().length() < WEAK_REASON_MIN) {
      throw new WeakCandidateException("rule " + WeakCandidateException.RULE + ": "
          + candidate(search, faceId) + " is weak (" + fmr.map(e -> "estimated false match rate " + e
              + " is above the review threshold " + String.format(Locale.ROOT, "%.1e",
                  config.reviewThreshold()))
              .orElse("no calibrated false match rate was recorded for it")
          + "), so confirming it needs a note of at least " + WEAK_REASON_MIN
          + " characters saying why; got " + note.strip().length());
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Review review = new Review(search.searchId(), faceId, reviewer.user(), reviewer.keyId(),
        verdict, note, collection, now);
    return store.inTransaction(tx -> {
      List<Review> before = Jdbc.run(store, tx, "record review", c -> {
        if (Jdbc.isPostgres(c)) {
          // Serialise reviews of one candidate, so that two concurrent confirmations both see
          // each other and exactly one of them records the identification.
          Jdbc.one(c, "SELECT pg_advisory_xact_lock(hashtext(?))",
              row -> Boolean.TRUE, search.searchId() + "/" + faceId);
        }
        List<Review> existing = reviews(c, search.searchId(), faceId);
        if (existing.stream().anyMatch(r -> r.reviewer().equals(reviewer.user()))) {
          throw new DuplicateReviewException(reviewer.user(), candidate(search, faceId),
              search.searchId());
        }
        Jdbc.update(c, "INSERT INTO candidate_reviews (search_id, face_id, reviewer, key_id,"
                + " decision, note, collection, at_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            review.searchId(), review.faceId(), review.reviewer(), review.keyId(),
            review.verdict().name(), review.note(), review.collection(), Jdbc.micros(now));
        return existing;
      });
      List<Review> after = new ArrayList<>(before);
      after.add(review);
      CandidateStatus was = CandidateStatus.of(search.searchId(), faceId, before);
      CandidateStatus is = CandidateStatus.of(search.searchId(), faceId, after);
      // The review that settles the last open candidate ends the probe's use: delete it here, so
      // that it goes with the decision (audited after the review's own entries).
      boolean allSettled = statuses(search, Jdbc.run(store, tx, "read reviews",
          c -> searchReviews(c, search.searchId()))).stream()
          .allMatch(st -> st.state().settled());
      boolean probeDeleted = allSettled && store.reviews().deleteProbe(tx, search.searchId(), now,
          PROBE_SETTLED);
      String object = "search:" + search.searchId() + "/face:" + faceId;
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("search_id", search.searchId());
      details.put("face_id", faceId);
      details.put("collection", collection);
      details.put("case", search.caseRef());
      details.put("purpose", search.purpose());
      details.put("verdict", verdict.label());
      details.put("weak", weak);
      details.put("note_sha256", sha256(note));
      details.put("state", is.state().label());
      details.put("policy", decision.auditDetails());
      store.audit().append(tx, new AuditEvent(decision.actor(), "review." + verdict.label(),
          object, details));
      if (is.state() == CandidateState.IDENTIFIED && was.state() != CandidateState.IDENTIFIED) {
        store.audit().append(tx, new AuditEvent(decision.actor(), "candidate.identified", object,
            outcome(search, faceId, collection, after)));
      } else if (was.state() == CandidateState.IDENTIFIED && is.state() != CandidateState.IDENTIFIED) {
        store.audit().append(tx, new AuditEvent(decision.actor(), "candidate.disputed", object,
            outcome(search, faceId, collection, after)));
      }
      if (probeDeleted) {
        store.audit().append(tx, probeDeletion(decision.actor(), search.searchId(),
            PROBE_SETTLED));
      }
      return is;
    });
  }

  /**
   * Deletes the probe faces whose retention has ended (searches with a candidate still open),
   * each with its audit entry ({@code search.probe-deleted}) in its own transaction.
   *
   * <p>Privacy: this is what bounds how long a probe face outlives a search whose review is never
   * finished.
   *
   * @param actor who runs the deletion, such as the retention sweeper
   * @return how many probe faces were deleted
   */
  public int deleteExpiredProbes(String actor) {
    Objects.requireNonNull(actor, "actor");
    int deleted = 0;
    List<String> due;
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    while ((due = store.reviews().probesDue(now, PROBE_PAGE)).isEmpty() == false) {
      for (String searchId : due) {
        deleted += store.inTransaction(tx -> {
          if (store.reviews().deleteProbe(tx, searchId, now, PROBE_EXPIRED)) {
            store.audit().append(tx, probeDeletion(actor, searchId, PROBE_EXPIRED));
            return 1;
          }
          return 0;
        });
      }
    }
    return deleted;
  }

  private static AuditEvent probeDeletion(String actor, String searchId, String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("search_id", searchId);
    details.put("reason", reason);
    return new AuditEvent(actor, "search.probe-deleted", "search:" + searchId, details);
  }

  /**
   * Returns the status of every candidate of a search, in rank order.
   *
   * @param search the search
   * @return one status per candidate, unreviewed ones included
   */
  public List<CandidateStatus> statuses(SearchRecord search) {
    Objects.requireNonNull(search, "search");
    return statuses(search, Jdbc.read(store, "read reviews",
        c -> searchReviews(c, search.searchId())));
  }

  private static List<CandidateStatus> statuses(SearchRecord search, List<Review> all) {
    Map<Long, List<Review>> byFace = new LinkedHashMap<>();
    for (long face : search.candidates()) {
      byFace.put(face, new ArrayList<>());
    }
    for (Review review : all) {
      byFace.computeIfAbsent(review.faceId(), f -> new ArrayList<>()).add(review);
    }
    List<CandidateStatus> statuses = new ArrayList<>();
    byFace.forEach((face, reviews) ->
        statuses.add(CandidateStatus.of(search.searchId(), face, reviews)));
    return statuses;
  }

  /**
   * Returns one candidate's status.
   *
   * @param searchId the search
   * @param faceId the candidate
   * @return its status (unreviewed if nobody reviewed it)
   */
  public CandidateStatus status(String searchId, long faceId) {
    return CandidateStatus.of(searchId, faceId,
        Jdbc.read(store, "read reviews", c -> reviews(c, searchId, faceId)));
  }

  private static Map<String, Object> outcome(SearchRecord search, long faceId, String collection,
      List<Review> reviews) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("search_id", search.searchId());
    details.put("face_id", faceId);
    details.put("collection", collection);
    details.put("case", search.caseRef());
    details.put("purpose", search.purpose());
    details.put("confirmed_by", reviews.stream().filter(r -> r.verdict() == Verdict.CONFIRMED)
        .map(Review::reviewer).distinct().toList());
    details.put("rejected_by", reviews.stream().filter(r -> r.verdict() == Verdict.REJECTED)
        .map(Review::reviewer).distinct().toList());
    return details;
  }

  private static List<Review> searchReviews(Connection c, String searchId) throws SQLException {
    return Jdbc.list(c,
        "SELECT * FROM candidate_reviews WHERE search_id = ? ORDER BY at_micros, reviewer",
        Reviews::review, searchId);
  }

  private static List<Review> reviews(Connection c, String searchId, long faceId)
      throws SQLException {
    return Jdbc.list(c, "SELECT * FROM candidate_reviews WHERE search_id = ? AND face_id = ?"
        + " ORDER BY at_micros, reviewer", Reviews::review, searchId, faceId);
  }

  private static Review review(ResultSet row) throws SQLException {
    return new Review(row.getString("search_id"), row.getLong("face_id"),
        row.getString("reviewer"), row.getString("key_id"),
        Verdict.valueOf(row.getString("decision")), row.getString("note"),
        row.getString("collection"), Jdbc.instant(row.getLong("at_micros")));
  }

  private static SearchRecord record(String searchId, ResultSet row) throws SQLException {
    JsonNode details;
    try {
      details = JSON.readTree(row.getString("details"));
    } catch (java.io.IOException e) {
      throw new SQLException("the audit entry of search " + searchId + " holds invalid JSON", e);
    }
    return record(searchId, row.getLong("seq"), Jdbc.instant(row.getLong("at_micros")),
        row.getString("actor"), details);
  }

  /**
   * Reads a search from its audit entry.
   *
   * @param entry a {@code search.run} entry, whose object is {@code search:<id>}
   * @return the search as the entry records it
   * @throws IllegalArgumentException if the entry is not a search's, or its details are not JSON
   */
  public static SearchRecord record(AuditEntry entry) {
    if (entry.action().equals("search.run") == false || entry.object().startsWith("search:")
        == false) {
      throw new IllegalArgumentException("expected a search.run entry, got " + entry.action()
          + " on " + entry.object());
    }
    try {
      return record(entry.object().substring("search:".length()), entry.sequence(), entry.time(),
          entry.actor(), JSON.readTree(entry.detailsJson()));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("the audit entry " + entry.sequence()
          + " holds invalid JSON", e);
    }
  }

  private static SearchRecord record(String searchId, long sequence, Instant at, String actor,
      JsonNode details) {
    List<String> collections = new ArrayList<>();
    details.path("collections").forEach(n -> collections.add(n.asText()));
    List<Long> candidates = new ArrayList<>();
    details.path("candidates").forEach(n -> candidates.add(n.asLong()));
    return new SearchRecord(searchId, sequence, at, actor, details.path("purpose").asText(""),
        details.path("case").asText(""), collections, candidates);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * Names a candidate by its rank in the search ({@code candidate #2}), never by the store's face
   * id: messages reach users, who know faces by their public ids.
   */
  private static String candidate(SearchRecord search, long faceId) {
    return "candidate #" + (search.candidates().indexOf(faceId) + 1);
  }
}
