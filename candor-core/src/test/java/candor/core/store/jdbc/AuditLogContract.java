package candor.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.audit.AuditChain;
import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.audit.AuditLog;
import candor.core.audit.ChainVerification;
import candor.core.model.Media;
import candor.core.store.IngestBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The contract of the audit log, run on every database: the chain, tamper detection by direct
 * SQL, transactions and concurrent appenders.
 */
abstract class AuditLogContract extends StoreTestCase {

  AuditLog audit() {
    return store.audit();
  }

  void appendFive() {
    for (int i = 1; i <= 5; i++) {
      audit().append(new AuditEvent("officer-" + i, "search.run", "collection:archive",
          Map.of("purpose", "investigation", "case", "C-" + i, "k", 10)));
    }
  }

  @Test
  void an_empty_log_verifies_as_intact() {
    ChainVerification result = audit().verify();
    assertThat(result.isIntact()).isTrue();
    assertThat(result.entriesChecked()).isZero();
    assertThat(result.headSequence()).isZero();
  }

  @Test
  void each_entry_links_to_the_previous_one() {
    appendFive();
    List<AuditEntry> entries = audit().entries(0, 100);
    assertThat(entries).extracting(AuditEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(entries.getFirst().prevHash()).isEqualTo(AuditChain.GENESIS);
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i).prevHash()).isEqualTo(entries.get(i - 1).hash());
    }
    AuditEntry first = entries.getFirst();
    assertThat(first.time()).isEqualTo(Fixtures.NOW);
    assertThat(first.detailsJson())
        .isEqualTo("{\"case\":\"C-1\",\"k\":10,\"purpose\":\"investigation\"}");
    assertThat(first.hash()).isEqualTo(AuditChain.hash(AuditChain.GENESIS,
        AuditChain.canonicalJson(1, Fixtures.NOW, "officer-1", "search.run",
            "collection:archive", first.detailsJson())));
    assertThat(audit().headSequence()).isEqualTo(5);
    assertThat(audit().entries(3, 1)).extracting(AuditEntry::sequence).containsExactly(4L);
    ChainVerification result = audit().verify();
    assertThat(result.isIntact()).isTrue();
    assertThat(result.entriesChecked()).isEqualTo(5);
  }

  @Test
  void entries_with_a_detail_match_its_value_exactly_at_the_top_level() {
    audit().append(new AuditEvent("a", "search.run", "search:1", Map.of("case", "C_1")));
    audit().append(new AuditEvent("a", "search.run", "search:2", Map.of("case", "CX1")));
    audit().append(new AuditEvent("a", "search.run", "search:3", Map.of("case", "c_1")));
    audit().append(new AuditEvent("a", "approval.create", "approval:4",
        Map.of("nested", Map.of("case", "C_1"))));
    audit().append(new AuditEvent("b", "review.confirmed", "search:1/face:7",
        Map.of("case", "C_1", "verdict", "confirmed")));
    audit().append(new AuditEvent("c", "search.run", "search:6",
        Map.of("case", "quote \" and \\ back")));

    // '_' is no wildcard, case matters (SQLite's LIKE ignores it), nested fields do not count
    assertThat(audit().withDetail("case", "C_1", 100)).extracting(AuditEntry::sequence)
        .containsExactly(1L, 5L);
    assertThat(audit().withDetail("case", "C_1", 1)).extracting(AuditEntry::sequence)
        .containsExactly(1L);
    assertThat(audit().withDetail("case", "quote \" and \\ back", 100))
        .extracting(AuditEntry::sequence).containsExactly(6L);
    assertThat(audit().withDetail("case", "nobody", 100)).isEmpty();
    assertThatThrownBy(() -> audit().withDetail("case", "C_1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be 1 to 10000, got 0");
  }

  @Test
  void entries_about_an_object_include_its_parts_only() {
    audit().append(new AuditEvent("a", "search.run", "search:ab", Map.of()));
    audit().append(new AuditEvent("a", "policy.allow", "search:ab/probe", Map.of()));
    audit().append(new AuditEvent("a", "search.run", "search:abc", Map.of()));
    audit().append(new AuditEvent("a", "review.confirmed", "search:ab/face:3", Map.of()));
    audit().append(new AuditEvent("a", "search.run", "search:AB", Map.of()));
    audit().append(new AuditEvent("a", "search.run", "search:a_", Map.of()));

    assertThat(audit().about("search:ab", 100)).extracting(AuditEntry::object)
        .containsExactly("search:ab", "search:ab/probe", "search:ab/face:3");
    assertThat(audit().about("search:a_", 100)).extracting(AuditEntry::sequence)
        .containsExactly(6L);
    assertThat(audit().about("search:zz", 100)).isEmpty();
  }

  @Test
  void the_database_refuses_to_update_or_delete_audit_entries() {
    appendFive();
    assertThatThrownBy(() -> db.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 2"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("audit_log is append-only");
    assertThatThrownBy(() -> db.execute("DELETE FROM audit_log WHERE seq = 2"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("audit_log is append-only");
    assertThat(audit().verify().isIntact()).isTrue();
  }

  @Test
  void verify_names_an_edited_entry() throws SQLException {
    appendFive();
    db.dropAuditTriggers();
    db.execute("UPDATE audit_log SET details = '{\"case\":\"C-99\"}' WHERE seq = 2");

    ChainVerification result = audit().verify();

    assertThat(result.isIntact()).isFalse();
    assertThat(result.firstBroken()).hasValue(2);
    assertThat(result.problem())
        .contains("entry 2 was altered (its hash does not match its content)");
  }

  @Test
  void verify_names_an_edited_entry_whose_hash_was_recomputed() throws SQLException {
    appendFive();
    db.dropAuditTriggers();
    AuditEntry second = audit().entries(1, 1).getFirst();
    String forgedActor = "someone-else";
    String forgedHash = AuditChain.hash(second.prevHash(), AuditChain.canonicalJson(2,
        second.time(), forgedActor, second.action(), second.object(), second.detailsJson()));
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement("UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 2")) {
      s.setString(1, forgedActor);
      s.setString(2, forgedHash);
      s.executeUpdate();
    }

    ChainVerification result = audit().verify();

    assertThat(result.firstBroken()).hasValue(3);
    assertThat(result.problem())
        .contains("entry 3 does not link to entry 2 (its prev_hash differs)");
  }

  @Test
  void verify_names_a_deleted_entry() throws SQLException {
    appendFive();
    db.dropAuditTriggers();
    db.execute("DELETE FROM audit_log WHERE seq = 3");

    ChainVerification result = audit().verify();

    assertThat(result.firstBroken()).hasValue(3);
    assertThat(result.problem()).contains("entry 3 is missing (the next stored entry is 4)");
  }

  @Test
  void verify_names_a_deleted_last_entry() throws SQLException {
    appendFive();
    db.dropAuditTriggers();
    db.execute("DELETE FROM audit_log WHERE seq = 5");

    ChainVerification result = audit().verify();

    assertThat(result.firstBroken()).hasValue(5);
    assertThat(result.problem()).contains("entry 5 is missing (the chain head is at entry 5)");
  }

  @Test
  void verify_names_reordered_entries() throws SQLException {
    appendFive();
    db.dropAuditTriggers();
    db.execute(
        "UPDATE audit_log SET seq = 1000 WHERE seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 1000");

    ChainVerification result = audit().verify();

    assertThat(result.firstBroken()).hasValue(2);
    assertThat(result.problem())
        .contains("entry 2 does not link to entry 1 (its prev_hash differs)");
  }

  @Test
  void verify_names_an_entry_added_behind_the_log() throws SQLException {
    appendFive();
    AuditEntry last = audit().entries(4, 1).getFirst();
    String json = AuditChain.canonicalJson(6, last.time(), "ghost", "x", "-", "{}");
    try (Connection c = db.connect();
        PreparedStatement s = c.prepareStatement("INSERT INTO audit_log (seq, at_micros, actor,"
            + " action, object, details, prev_hash, hash) VALUES (6, 0, 'ghost', 'x', '-', '{}',"
            + " ?, ?)")) {
      s.setString(1, last.hash());
      s.setString(2, AuditChain.hash(last.hash(), json));
      s.executeUpdate();
    }

    ChainVerification result = audit().verify();

    assertThat(result.firstBroken()).hasValue(6);
  }

  @Test
  void an_append_joins_the_callers_transaction() {
    createCollection("archive");
    Media media = fixtures.media("archive");
    assertThatThrownBy(() -> store.inTransaction(tx -> {
      gallery().ingest(tx, IngestBatch.of(media, List.of(fixtures.face(null))));
      audit().append(tx, AuditEvent.of("clerk", "media.ingest", "media:" + media.sha256()));
      throw new IllegalStateException("disk full");
    })).hasMessage("disk full");

    assertThat(audit().headSequence()).isZero();
    assertThat(gallery().findMedia("archive", media.sha256())).isEmpty();

    AuditEntry entry = store.inTransaction(tx -> {
      gallery().ingest(tx, IngestBatch.of(media, List.of(fixtures.face(null))));
      return audit().append(tx, AuditEvent.of("clerk", "media.ingest", "media:" + media.sha256()));
    });
    assertThat(entry.sequence()).isEqualTo(1);
    assertThat(gallery().findMedia("archive", media.sha256())).isPresent();
    assertThat(audit().verify().isIntact()).isTrue();
  }

  @Test
  void concurrent_appends_from_several_threads_keep_one_valid_chain() throws Exception {
    int threads = 6;
    int perThread = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String actor = "worker-" + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            audit().append(new AuditEvent(actor, "search.run", "-", Map.of("i", i)));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    long total = threads * perThread;
    assertThat(audit().headSequence()).isEqualTo(total);
    assertThat(audit().entries(0, 10_000)).extracting(AuditEntry::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    ChainVerification result = audit().verify();
    assertThat(result.isIntact()).as(result.problem().orElse("")).isTrue();
    assertThat(result.entriesChecked()).isEqualTo(total);
  }
}
