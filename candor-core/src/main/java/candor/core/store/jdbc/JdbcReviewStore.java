package candor.core.store.jdbc;

import candor.core.crypto.Aead;
import candor.core.crypto.KeyOwner;
import candor.core.store.ReviewRecord;
import candor.core.store.ReviewStore;
import candor.core.store.ScoredCandidate;
import candor.core.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code review_searches} and {@code search_candidates} tables, and the probe faces sealed in
 * the first under data keys of their own ({@code search:<id>} in {@code data_keys}).
 *
 * <p>Privacy: see {@link ReviewStore}. The unwrapped data key lives only in local variables and
 * is wiped after use.
 *
 * <p>Thread-safe (stateless apart from the thread-safe store, vault and sealer).
 */
final class JdbcReviewStore implements ReviewStore {

  private static final String RECORD_COLUMNS = "search_id, searcher, at_micros, probe_owner,"
      + " keep_until_micros, deleted_micros, deleted_reason";

  private final JdbcStore store;
  private final KeyVault vault;
  private final Aead aead;

  JdbcReviewStore(JdbcStore store, KeyVault vault) {
    this.store = store;
    this.vault = vault;
    this.aead = vault.aead();
  }

  @Override
  public void record(Transaction tx, ReviewRecord record, byte[] probe) {
    Objects.requireNonNull(record, "record");
    if (record.probeKept() != (probe != null)) {
      throw new IllegalArgumentException("record.probeKept() is " + record.probeKept()
          + " but the probe is " + (probe == null ? "missing" : "given"));
    }
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      byte[] sealed = null;
      String owner = null;
      if (probe != null) {
        KeyOwner keyOwner = KeyOwner.search(record.searchId());
        vault.create(c, keyOwner, store.now());
        byte[] key = vault.dataKey(c, keyOwner);
        try {
          sealed = aead.seal(key, probe, probeAad(record.searchId()));
        } finally {
          Arrays.fill(key, (byte) 0);
        }
        owner = keyOwner.id();
      }
      Sql.update(c, "INSERT INTO review_searches (search_id, searcher, at_micros, probe_owner,"
              + " probe, keep_until_micros, deleted_micros, deleted_reason)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          record.searchId(), record.searcher(), Sql.micros(record.at()), owner,
          sealed, Sql.micros(record.keepUntil()),
          record.deletedAt() == null ? null : Sql.micros(record.deletedAt()),
          record.deletedReason());
      for (ScoredCandidate candidate : record.candidates()) {
        Sql.update(c, "INSERT INTO search_candidates (search_id, face_id, candidate_rank, score,"
                + " fmr, fmr_bound) VALUES (?, ?, ?, ?, ?, ?)",
            record.searchId(), candidate.faceId(), candidate.rank(), candidate.score(),
            candidate.fmr(), candidate.fmrBound());
      }
    } catch (SQLException e) {
      throw new StatementFailedException("record the review material of search "
          + record.searchId(), e);
    }
  }

  @Override
  public Optional<ReviewRecord> find(String searchId) {
    Objects.requireNonNull(searchId, "searchId");
    return store.read("read review material", c -> {
      Optional<ReviewRecord> head = Sql.one(c, "SELECT " + RECORD_COLUMNS
          + " FROM review_searches WHERE search_id = ?", row -> record(row, List.of()), searchId);
      if (head.isEmpty()) {
        return head;
      }
      List<ScoredCandidate> candidates = Sql.list(c, "SELECT face_id, candidate_rank, score, fmr,"
              + " fmr_bound FROM search_candidates WHERE search_id = ? ORDER BY candidate_rank",
          JdbcReviewStore::candidate, searchId);
      ReviewRecord r = head.get();
      return Optional.of(new ReviewRecord(r.searchId(), r.searcher(), r.at(), candidates,
          r.probeKept(), r.keepUntil(), r.deletedAt(), r.deletedReason()));
    });
  }

  @Override
  public Optional<byte[]> openProbe(String searchId, Instant now) {
    Objects.requireNonNull(searchId, "searchId");
    Objects.requireNonNull(now, "now");
    record Sealed(String owner, byte[] bytes) {}
    return store.read("open probe", c -> {
      Optional<Sealed> row = Sql.one(c, "SELECT probe_owner, probe FROM review_searches"
              + " WHERE search_id = ? AND probe IS NOT NULL AND keep_until_micros > ?",
          r -> new Sealed(r.getString(1), r.getBytes(2)), searchId, Sql.micros(now));
      if (row.isEmpty()) {
        return Optional.empty();
      }
      KeyOwner owner = new KeyOwner(row.get().owner());
      byte[] key = vault.dataKey(c, owner);
      try {
        return Optional.of(aead.open(key, row.get().bytes(), probeAad(searchId),
            "probe of search " + searchId));
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    });
  }

  @Override
  public boolean deleteProbe(Transaction tx, String searchId, Instant at, String reason) {
    Objects.requireNonNull(searchId, "searchId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      Optional<String> owner = Sql.one(c, "SELECT probe_owner FROM review_searches"
          + " WHERE search_id = ? AND probe_owner IS NOT NULL", row -> row.getString(1), searchId);
      if (owner.isEmpty()) {
        return false;
      }
      // The row stops naming the key first: the foreign key keeps a named key from going.
      Sql.update(c, "UPDATE review_searches SET probe = NULL, probe_owner = NULL,"
              + " deleted_micros = ?, deleted_reason = ? WHERE search_id = ?",
          Sql.micros(at), reason, searchId);
      vault.destroy(c, new KeyOwner(owner.get()));
      return true;
    } catch (SQLException e) {
      throw new StatementFailedException("delete the probe of search " + searchId, e);
    }
  }

  @Override
  public List<String> probesDue(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    return store.read("list probes due", c -> Sql.list(c, "SELECT search_id FROM review_searches"
            + " WHERE probe_owner IS NOT NULL AND keep_until_micros <= ?"
            + " ORDER BY keep_until_micros, search_id LIMIT ?",
        row -> row.getString(1), Sql.micros(now), limit));
  }

  @Override
  public List<Waiting> waitingFor(String user, Instant now, int limit) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(now, "now");
    // One row per reviewer per candidate (the primary key), so the sums count users. A candidate
    // waiting for a second confirmation has one confirmation, no rejection, none from the user.
    String secondLook = "SELECT r.search_id, r.face_id, 0 AS own FROM candidate_reviews r"
        + " WHERE EXISTS (SELECT 1 FROM faces f WHERE f.id = r.face_id)"
        + " GROUP BY r.search_id, r.face_id"
        + " HAVING SUM(CASE WHEN r.decision = 'CONFIRMED' THEN 1 ELSE 0 END) = 1"
        + " AND SUM(CASE WHEN r.decision = 'REJECTED' THEN 1 ELSE 0 END) = 0"
        + " AND SUM(CASE WHEN r.reviewer = ? THEN 1 ELSE 0 END) = 0";
    String ownSearches = "SELECT c.search_id, c.face_id, 1 AS own FROM search_candidates c"
        + " JOIN review_searches s ON s.search_id = c.search_id"
        + " WHERE s.searcher = ? AND s.keep_until_micros > ?"
        + " AND EXISTS (SELECT 1 FROM faces f WHERE f.id = c.face_id)"
        + " AND NOT EXISTS (SELECT 1 FROM candidate_reviews m"
        + " WHERE m.search_id = c.search_id AND m.face_id = c.face_id)";
    return store.read("list the review queue", c -> Sql.list(c,
        "SELECT w.search_id, w.face_id, w.own FROM (" + secondLook + " UNION " + ownSearches
            + ") w LEFT JOIN review_searches s ON s.search_id = w.search_id"
            + " ORDER BY COALESCE(s.at_micros, 0), w.search_id, w.face_id LIMIT ?",
        row -> new Waiting(row.getString(1), row.getLong(2), row.getInt(3) == 1),
        user, user, Sql.micros(now), limit));
  }

  private static ReviewRecord record(ResultSet row, List<ScoredCandidate> candidates)
      throws SQLException {
    long deleted = row.getLong("deleted_micros");
    Instant deletedAt = row.wasNull() ? null : Sql.instant(deleted);
    return new ReviewRecord(row.getString("search_id"), row.getString("searcher"),
        Sql.instant(row.getLong("at_micros")), candidates, row.getString("probe_owner") != null,
        Sql.instant(row.getLong("keep_until_micros")), deletedAt, row.getString("deleted_reason"));
  }

  private static ScoredCandidate candidate(ResultSet row) throws SQLException {
    double fmr = row.getDouble("fmr");
    boolean noFmr = row.wasNull();
    return new ScoredCandidate(row.getLong("face_id"), row.getInt("candidate_rank"),
        row.getFloat("score"), noFmr ? null : fmr, noFmr ? null : row.getString("fmr_bound"));
  }

  /** Binds the probe's ciphertext to its search, so it cannot be moved to another row. */
  private static byte[] probeAad(String searchId) {
    return ("candor/probe/v1/" + searchId).getBytes(StandardCharsets.UTF_8);
  }
}
