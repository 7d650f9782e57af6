package candor.core.store.jdbc;

import candor.core.audit.AuditChain;
import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.audit.AuditLog;
import candor.core.store.Transaction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The audit log in the {@code audit_log} and {@code audit_head} tables.
 *
 * <p>An append first increments the head's sequence number, which locks the head row until
 * commit (PostgreSQL) or needs the write lock (SQLite), so appenders are serialised and the chain
 * never forks. Verification reads the head and the entries in one statement, which sees one
 * snapshot on both databases.
 *
 * <p>Privacy: stores what {@link AuditEvent} allows, never face data. Thread-safe.
 */
final class JdbcAuditLog implements AuditLog {

  private static final int MAX_ENTRIES = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENTRY_COLUMNS =
      "seq, at_micros, actor, action, object, details, prev_hash, hash";

  private final JdbcStore store;

  JdbcAuditLog(JdbcStore store) {
    this.store = store;
  }

  @Override
  public AuditEntry append(Transaction tx, AuditEvent event) {
    Objects.requireNonNull(event, "event");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      // Take the head's lock before reading it: the read then sees the latest committed chain.
      if (Sql.update(c, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1") != 1) {
        throw new SQLException("the audit chain head row is missing");
      }
      record Head(long seq, String hash) {}
      Head head = Sql.one(c, "SELECT seq, hash FROM audit_head WHERE id = 1",
          row -> new Head(row.getLong(1), row.getString(2))).orElseThrow();
      AuditEntry entry = AuditChain.seal(head.seq(), store.now(), event, head.hash());
      Sql.update(c, "INSERT INTO audit_log (" + ENTRY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          entry.sequence(), Sql.micros(entry.time()), entry.actor(), entry.action(),
          entry.object(), entry.detailsJson(), entry.prevHash(), entry.hash());
      Sql.update(c, "UPDATE audit_head SET hash = ? WHERE id = 1", entry.hash());
      return entry;
    } catch (SQLException e) {
      throw new StatementFailedException("append audit entry", e);
    }
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    return store.inTransaction(tx -> append(tx, event));
  }

  @Override
  public List<AuditEntry> entries(long afterSequence, int limit) {
    if (limit < 1 || limit > MAX_ENTRIES) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_ENTRIES + ", got " + limit);
    }
    return store.read("read audit entries", c -> Sql.list(c,
        "SELECT " + ENTRY_COLUMNS + " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
        JdbcAuditLog::entry, afterSequence, limit));
  }

  @Override
  public List<AuditEntry> withDetail(String key, String value, int limit) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    checkLimit(limit);
    // The details are canonical JSON ("key":"value", no spaces), so a LIKE on that text narrows
    // the rows; parsing each candidate's details decides. A value JSON would escape (quotes,
    // backslashes, controls) is matched on its key alone, which only widens the pre-filter.
    boolean plain = value.chars().noneMatch(ch -> ch == '"' || ch == '\\' || ch < 0x20);
    String pattern = "%\"" + like(key) + "\":" + (plain ? "\"" + like(value) + "\"" : "") + "%";
    List<AuditEntry> found = new ArrayList<>();
    long after = 0;
    while (found.size() < limit) {
      long from = after;
      List<AuditEntry> batch = store.read("read audit entries by detail", c -> Sql.list(c,
          "SELECT " + ENTRY_COLUMNS + " FROM audit_log WHERE seq > ? AND details LIKE ? ESCAPE '!'"
              + " ORDER BY seq LIMIT ?", JdbcAuditLog::entry, from, pattern, limit));
      for (AuditEntry entry : batch) {
        if (hasDetail(entry, key, value) && found.size() < limit) {
          found.add(entry);
        }
      }
      if (batch.size() < limit) {
        break;
      }
      after = batch.getLast().sequence();
    }
    return found;
  }

  @Override
  public List<AuditEntry> about(String object, int limit) {
    Objects.requireNonNull(object, "object");
    checkLimit(limit);
    List<AuditEntry> found = new ArrayList<>();
    long after = 0;
    while (found.size() < limit) {
      long from = after;
      // SQLite's LIKE ignores ASCII case: the exact test below keeps only this object's rows.
      List<AuditEntry> batch = store.read("read audit entries by object", c -> Sql.list(c,
          "SELECT " + ENTRY_COLUMNS + " FROM audit_log WHERE seq > ? AND (object = ?"
              + " OR object LIKE ? ESCAPE '!') ORDER BY seq LIMIT ?", JdbcAuditLog::entry, from,
          object, like(object) + "/%", limit));
      for (AuditEntry entry : batch) {
        if ((entry.object().equals(object) || entry.object().startsWith(object + "/"))
            && found.size() < limit) {
          found.add(entry);
        }
      }
      if (batch.size() < limit) {
        break;
      }
      after = batch.getLast().sequence();
    }
    return found;
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_ENTRIES) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_ENTRIES + ", got " + limit);
    }
  }

  /** Escapes LIKE's wildcards with {@code !}, the escape character the queries declare. */
  private static String like(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  private static boolean hasDetail(AuditEntry entry, String key, String value) {
    try {
      JsonNode field = JSON.readTree(entry.detailsJson()).get(key);
      return field != null && field.isTextual() && field.asText().equals(value);
    } catch (IOException e) {
      return false; // details that do not parse hold no field; verify() reports the entry
    }
  }

  @Override
  public long headSequence() {
    return store.read("read audit head", c -> Sql.one(c,
        "SELECT seq FROM audit_head WHERE id = 1", row -> row.getLong(1)).orElseThrow());
  }

  @Override
  public Optional<AuditEntry> last(String action) {
    Objects.requireNonNull(action, "action");
    return store.read("read last audit entry", c -> Sql.one(c,
        "SELECT " + ENTRY_COLUMNS + " FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1",
        JdbcAuditLog::entry, action));
  }

  @Override
  public void scan(ChainReader reader) {
    Objects.requireNonNull(reader, "reader");
    // One statement, so the head and the entries come from the same snapshot even while others
    // append. The LEFT JOIN yields one row of NULL entry columns when the log is empty.
    String sql =
        "SELECT h.seq AS head_seq, h.hash AS head_hash, a.seq, a.at_micros, a.actor, a.action,"
            + " a.object, a.details, a.prev_hash, a.hash"
            + " FROM audit_head h LEFT JOIN audit_log a ON h.id = 1"
            + " WHERE h.id = 1 ORDER BY a.seq";
    store.readStreaming("scan audit chain", c -> {
      try (PreparedStatement statement = c.prepareStatement(sql)) {
        statement.setFetchSize(1_000);
        try (ResultSet row = statement.executeQuery()) {
          if (row.next() == false) {
            throw new SQLException("the audit chain head row is missing");
          }
          reader.head(row.getLong("head_seq"), row.getString("head_hash"));
          do {
            if (row.getObject("seq") != null && reader.entry(entry(row)) == false) {
              break;
            }
          } while (row.next());
          return null;
        }
      }
    });
  }

  private static AuditEntry entry(ResultSet row) throws SQLException {
    return new AuditEntry(
        row.getLong("seq"),
        Sql.instant(row.getLong("at_micros")),
        row.getString("actor"),
        row.getString("action"),
        row.getString("object"),
        row.getString("details"),
        row.getString("prev_hash"),
        row.getString("hash"));
  }
}
