package candor.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.access.TestStores;
import candor.core.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tamper suite of the anchored audit log, run on every database: with the append-only
 * triggers dropped, as whoever owns the database can, each attack on a log that oversight bodies
 * hold receipts of is caught by {@link ReceiptVerifier} (what {@code candor audit verify
 * --receipt} runs) and named; an untouched log verifies against all its receipts.
 *
 * <p>The log: entries 1–4, receipt R1 of entry 4 (its own entry is 5), entries 6–8, receipt R2 of
 * entry 8 (entry 9), entries 10–11. The clock ticks a millisecond per reading, so every entry and
 * receipt has its own time, in order.
 */
abstract class AnchoredLogContract {

  static final Instant START = Instant.parse("2026-05-04T10:00:00Z");

  @TempDir Path dir;
  TestStores db;
  JdbcStore store;
  CheckpointSigner signer;
  AuditCheckpoints checkpoints;
  CheckpointReceipt r1;
  CheckpointReceipt r2;
  private long ticks;

  /** The database the subclass tests. */
  abstract TestStores.Db db();

  /** Drops the append-only triggers (db/migration/VENDOR/V3__audit_append_only.sql). */
  abstract void dropTriggers() throws SQLException;

  /** Remembers the log as it is now, as a backup would. */
  abstract void backUp() throws Exception;

  /** Puts the log back as it was at {@link #backUp()}, as restoring the backup would. */
  abstract void restoreBackup() throws Exception;

  final Clock clock = new Clock() {
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
      return START.plusMillis(++ticks);
    }
  };

  @BeforeEach
  void build_a_log_with_two_receipts() throws Exception {
    db = TestStores.open(db(), dir, clock);
    store = db.store();
    checkpoints = new AuditCheckpoints(store.audit(), clock);
    signer = CheckpointSigner.generate(dir.resolve("outside").resolve("audit.key"), data());
    append(4);
    r1 = checkpoints.sign(signer, "auditor", Map.of());
    append(3);
    r2 = checkpoints.sign(signer, "auditor", Map.of());
    append(2);
    dropTriggers();
    assertThat(r1.sequence()).isEqualTo(4);
    assertThat(r2.sequence()).isEqualTo(8);
    assertThat(store.audit().headSequence()).isEqualTo(11);
  }

  @AfterEach
  void close() throws Exception {
    if (store != null) {
      store.close();
    }
    if (db != null) {
      db.close();
    }
  }

  Path data() {
    return dir.resolve("data");
  }

  void append(int n) {
    for (int i = 0; i < n; i++) {
      store.audit().append(new AuditEvent("officer", "search.run", "collection:archive",
          Map.of("purpose", "missing-person", "case", "C-" + ticks)));
    }
  }

  /** Closes the store and opens it again on the same database, as a restarted service would. */
  void reopen() {
    store.close();
    store = JdbcStore.open(db.config(), clock);
    checkpoints = new AuditCheckpoints(store.audit(), clock);
  }

  ReceiptVerification verify(CheckpointReceipt... receipts) {
    return ReceiptVerifier.verify(store.audit(), List.of(receipts), Optional.of(signer.keyId()));
  }

  void execute(String sql, Object... args) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  /** The head as stored: sequence and hash. */
  record Head(long sequence, String hash) {}

  Head head() throws SQLException {
    try (Connection c = db.connect(); PreparedStatement s =
        c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
        ResultSet r = s.executeQuery()) {
      assertThat(r.next()).isTrue();
      return new Head(r.getLong(1), r.getString(2));
    }
  }

  /** Deletes the entries after {@code sequence} and sets the head back to it. */
  void cutAfter(Head head) throws SQLException {
    execute("DELETE FROM audit_log WHERE seq > ?", head.sequence());
    execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", head.sequence(), head.hash());
  }

  @Test
  void an_untouched_log_verifies_against_all_its_receipts() {
    ReceiptVerification result = verify(r1, r2);
    assertThat(result.isIntact()).isTrue();
    assertThat(result.chain().headSequence()).isEqualTo(11);
    assertThat(result.receipts()).extracting(ReceiptCheck::status)
        .containsExactly(ReceiptStatus.VERIFIED, ReceiptStatus.VERIFIED);
    assertThat(result.receipts().get(1).detail()).isEqualTo("the log still extends it: entry 8"
        + " has the signed hash and the chain from there to the head (entry 11) is intact");
    assertThat(result.keyId()).contains(signer.keyId());
    assertThat(result.keyTrusted()).isTrue();
  }

  @Test
  void a_receipt_of_the_head_itself_verifies_and_later_appends_keep_it_valid() {
    CheckpointReceipt r3 = checkpoints.sign(signer, "auditor", Map.of());
    assertThat(r3.sequence()).isEqualTo(11);
    assertThat(verify(r1, r2, r3).isIntact()).isTrue();
    append(5);
    assertThat(verify(r1, r2, r3).isIntact()).isTrue();
  }

  @Test
  void the_log_records_each_receipt_and_serves_the_latest() {
    assertThat(checkpoints.latest()).contains(r2);
    AuditEntry entry = store.audit().last(AuditCheckpoints.ACTION).orElseThrow();
    assertThat(entry.sequence()).isEqualTo(9);
    assertThat(entry.actor()).isEqualTo("auditor");
    assertThat(entry.object()).isEqualTo("checkpoint:8");
    assertThat(entry.detailsJson()).contains("\"sequence\":8", "\"head_hash\":\"" + r2.headHash(),
        "\"key_id\":\"" + signer.keyId(), "\"signature\":\"" + r2.signature());
    assertThat(checkpoints.headMovedSinceLatest()).isTrue();
    checkpoints.sign(signer, "auditor", Map.of());
    assertThat(checkpoints.headMovedSinceLatest()).isFalse();
  }

  @Test
  void truncation_is_named() throws SQLException {
    execute("DELETE FROM audit_log WHERE seq >= ?", r2.sequence());
    ReceiptVerification result = verify(r1, r2);
    assertThat(result.isIntact()).isFalse();
    ReceiptCheck check = result.receipts().get(1);
    assertThat(check.status()).isEqualTo(ReceiptStatus.TRUNCATED);
    assertThat(check.detail()).isEqualTo("truncated log: entry 8, which the receipt vouches for,"
        + " is gone (7 entries are stored, up to entry 7; the head says entry 11)");
    assertThat(result.receipts().get(0).status()).isEqualTo(ReceiptStatus.CHAIN_BROKEN);
    assertThat(result.receipts().get(0).detail()).isEqualTo("broken chain: entry 4 has the"
        + " signed hash, but the chain breaks after it at entry 8: entry 8 is missing (the chain"
        + " head is at entry 11)");
  }

  @Test
  void a_rewritten_and_rehashed_chain_is_named() throws SQLException {
    // Entry 3 gets another actor; every hash from there on, and the head, are recomputed, so the
    // chain alone verifies.
    List<AuditEntry> entries = store.audit().entries(0, 100);
    String prev = entries.get(1).hash();
    for (AuditEntry e : entries.subList(2, entries.size())) {
      String actor = e.sequence() == 3 ? "someone else" : e.actor();
      String hash = AuditChain.hash(prev, AuditChain.canonicalJson(e.sequence(), e.time(), actor,
          e.action(), e.object(), e.detailsJson()));
      execute("UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?", actor,
          prev, hash, e.sequence());
      prev = hash;
    }
    execute("UPDATE audit_head SET hash = ? WHERE id = 1", prev);
    assertThat(store.audit().verify().isIntact()).isTrue();

    ReceiptVerification result = verify(r1, r2);
    assertThat(result.isIntact()).isFalse();
    assertThat(result.receipts()).extracting(ReceiptCheck::status)
        .containsExactly(ReceiptStatus.REWRITTEN, ReceiptStatus.REWRITTEN);
    String recomputed = store.audit().entries(3, 1).getFirst().hash();
    assertThat(result.receipts().get(0).detail()).isEqualTo("rewritten chain: recomputing the"
        + " chain gives hash " + recomputed + " at entry 4, but the receipt signed "
        + r1.headHash() + " (entries up to 4 were changed and the chain re-hashed)");
  }

  @Test
  void an_emptied_table_with_its_head_reset_is_named() throws SQLException {
    execute("DELETE FROM audit_log");
    execute("UPDATE audit_head SET seq = 0, hash = ? WHERE id = 1", AuditChain.GENESIS);
    assertThat(store.audit().verify().isIntact()).isTrue();
    ReceiptVerification result = verify(r1, r2);
    assertThat(result.isIntact()).isFalse();
    assertThat(result.receipts()).extracting(ReceiptCheck::status)
        .containsExactly(ReceiptStatus.EMPTIED, ReceiptStatus.EMPTIED);
    assertThat(result.receipts().get(1).detail()).isEqualTo("emptied log: the audit log holds no"
        + " entry (its head says entry 0), but the receipt vouches for 8 entries");
  }

  @Test
  void a_rollback_to_a_backup_is_named() throws Exception {
    backUp();
    append(3);
    CheckpointReceipt r3 = checkpoints.sign(signer, "auditor", Map.of());
    assertThat(r3.sequence()).isEqualTo(14);
    restoreBackup();
    assertThat(store.audit().verify().isIntact()).isTrue();

    ReceiptVerification result = verify(r1, r2, r3);
    assertThat(result.isIntact()).isFalse();
    assertThat(result.receipts()).extracting(ReceiptCheck::status).containsExactly(
        ReceiptStatus.VERIFIED, ReceiptStatus.VERIFIED, ReceiptStatus.ROLLED_BACK);
    assertThat(result.receipts().get(2).detail()).isEqualTo("rolled back: the log ends at entry"
        + " 11, before entry 14 that the receipt vouches for (it was restored from an older copy,"
        + " or cut short and its head reset)");

    // Going on after the restore writes other entries 12-14: the head passes the receipt again,
    // but entry 14 was written after the receipt was signed.
    append(3);
    result = verify(r1, r2, r3);
    ReceiptCheck check = result.receipts().get(2);
    assertThat(check.status()).isEqualTo(ReceiptStatus.ROLLED_BACK);
    assertThat(check.detail()).startsWith("rolled back: entry 14 was written at ")
        .contains(", after the receipt was signed at " + r3.time() + ", ")
        .endsWith(" (the log was restored from an older copy and went on)");
  }

  @Test
  void a_forged_receipt_is_named() {
    CheckpointReceipt edited = CheckpointReceipt.parse(r2.toJson()
        .replace("\"sequence\": 8", "\"sequence\": 7"));
    ReceiptVerification result = verify(r1, edited);
    assertThat(result.isIntact()).isFalse();
    assertThat(result.receipts().get(1).status()).isEqualTo(ReceiptStatus.FORGED);
    assertThat(result.receipts().get(1).detail()).isEqualTo("forged receipt: its signature does"
        + " not verify with its public key (a field was changed after signing)");
  }

  @Test
  void a_receipt_signed_by_another_key_is_refused() {
    CheckpointSigner other = CheckpointSigner.generate(dir.resolve("outside/other.key"), data());
    CheckpointReceipt foreign = checkpoints.sign(other, "forger", Map.of());
    ReceiptVerification pinned = verify(r1, foreign);
    assertThat(pinned.isIntact()).isFalse();
    assertThat(pinned.receipts().get(1).status()).isEqualTo(ReceiptStatus.UNTRUSTED_KEY);
    assertThat(pinned.receipts().get(1).detail()).isEqualTo("untrusted key: signed by key "
        + other.keyId() + ", not by the trusted key " + signer.keyId());

    ReceiptVerification unpinned =
        ReceiptVerifier.verify(store.audit(), List.of(r1, r2, foreign), Optional.empty());
    assertThat(unpinned.keyId()).contains(signer.keyId());
    assertThat(unpinned.keyTrusted()).isFalse();
    assertThat(unpinned.receipts()).extracting(ReceiptCheck::status).containsExactly(
        ReceiptStatus.VERIFIED, ReceiptStatus.VERIFIED, ReceiptStatus.UNTRUSTED_KEY);
    assertThat(unpinned.receipts().get(2).detail()).isEqualTo("untrusted key: signed by key "
        + other.keyId() + ", while the first receipt is signed by key " + signer.keyId()
        + " (receipts must come from one key; name the trusted one)");
  }

  @Test
  void an_edit_without_rehashing_breaks_the_chain_before_the_receipt() throws SQLException {
    execute("UPDATE audit_log SET actor = 'x' WHERE seq = 2");
    ReceiptVerification result = verify(r1);
    assertThat(result.receipts().getFirst().status()).isEqualTo(ReceiptStatus.CHAIN_BROKEN);
    assertThat(result.receipts().getFirst().detail()).isEqualTo("broken chain: the chain breaks"
        + " at entry 2, before entry 4 that the receipt vouches for: entry 2 was altered (its"
        + " hash does not match its content)");
  }

  @Test
  void no_checkpoint_vouches_for_a_broken_chain() throws SQLException {
    execute("UPDATE audit_log SET actor = 'x' WHERE seq = 2");
    assertThatThrownBy(() -> checkpoints.sign(signer, "auditor", Map.of()))
        .isInstanceOf(CheckpointRefusedException.class)
        .hasMessage("the audit chain is broken at entry 2 (entry 2 was altered (its hash does not"
            + " match its content)): a checkpoint must not vouch for it");
    assertThat(store.audit().headSequence()).isEqualTo(11);
  }

  @Test
  void the_transparency_report_lists_the_checkpoints() {
    var report = new candor.core.transparency.Transparency(store.audit(), clock).report();
    assertThat(report.checkpoints()).extracting(c -> c.sequence()).containsExactly(4L, 8L);
    assertThat(report.checkpoints().get(1).time()).isEqualTo(r2.time());
    assertThat(report.checkpoints().get(1).keyId()).isEqualTo(signer.keyId());
  }
}
