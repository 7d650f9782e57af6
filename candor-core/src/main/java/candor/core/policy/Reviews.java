package candor.core.policy;

import candor.core.audit.AuditEvent;
import candor.core.model.Face;
import candor.core.policy.jdbc.Jdbc;
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
import java.util.Map;
import java.util.Objects;

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
 * <p>Privacy: the note, which may name people, is kept in the reviews table, where it can be
 * erased; the append-only audit keeps only its SHA-256.
 *
 * <p>Thread-safe.
 */
public final class Reviews {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NOTE = 4_096;

  private final Store store;
  private final Clock clock;

  /**
   * Creates the service.
   *
   * @param store the store holding reviews and the audit log
   * @param clock the clock for review times
   */
  public Reviews(Store store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
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
          "face " + faceId + " is not a candidate of search " + search.searchId());
    }
    return store.gallery().findFace(faceId).map(Face::collection).orElseThrow(() ->
        new CandidateNotFoundException("face " + faceId + " of search " + search.searchId()
            + " no longer exists (it was erased)"));
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
          "face " + faceId + " is not a candidate of search " + search.searchId());
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
          throw new DuplicateReviewException(reviewer.user(), faceId, search.searchId());
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
      String object = "search:" + search.searchId() + "/face:" + faceId;
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("search_id", search.searchId());
      details.put("face_id", faceId);
      details.put("collection", collection);
      details.put("case", search.caseRef());
      details.put("purpose", search.purpose());
      details.put("verdict", verdict.label());
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
      return is;
    });
  }

  /**
   * Returns the status of every candidate of a search, in rank order.
   *
   * @param search the search
   * @return one status per candidate, unreviewed ones included
   */
  public List<CandidateStatus> statuses(SearchRecord search) {
    Objects.requireNonNull(search, "search");
    Map<Long, List<Review>> byFace = new LinkedHashMap<>();
    for (long face : search.candidates()) {
      byFace.put(face, new ArrayList<>());
    }
    for (Review review : Jdbc.read(store, "read reviews", c -> Jdbc.list(c,
        "SELECT * FROM candidate_reviews WHERE search_id = ? ORDER BY at_micros, reviewer",
        Reviews::review, search.searchId()))) {
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
    List<String> collections = new ArrayList<>();
    details.path("collections").forEach(n -> collections.add(n.asText()));
    List<Long> candidates = new ArrayList<>();
    details.path("candidates").forEach(n -> candidates.add(n.asLong()));
    return new SearchRecord(searchId, row.getLong("seq"), Jdbc.instant(row.getLong("at_micros")),
        row.getString("actor"), details.path("purpose").asText(""),
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
}
