package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.audit.AuditChain;
import candor.core.audit.CheckpointReceipt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code candor audit keygen}, {@code checkpoint} and {@code verify --receipt} on a data
 * directory, and the tamper suite as an oversight body would run it, on every store a data
 * directory can record: with the append-only triggers dropped, each attack on the log, done in
 * SQL on the store's own database, is caught by {@code audit verify --receipt}, named, and exits
 * 1; the untouched log exits 0. A subclass names the store: the options that record it in the
 * data directory at first use, how to connect to it, drop its triggers, and back it up and
 * restore it. (The same attacks run against the core's verifier in {@code
 * candor.core.audit.AnchoredLogContract}.)
 *
 * <p>The log: three {@code key.create} entries, receipt r1 of entry 3 (its own entry is 4), three
 * more, receipt r2 of entry 7 (entry 8), two more: head at entry 10.
 */
abstract class AuditReceiptsCliContract {

  @TempDir Path root;
  Path data;
  Path key;
  Path r1;
  Path r2;

  /**
   * Creates the store's database if it needs one (or skips the test when it cannot) and returns
   * the options that record it in the data directory: the first {@code keys create} passes them,
   * every later command opens the recorded store.
   */
  abstract List<Object> firstUse() throws SQLException;

  /** A plain connection to the store's database, outside Candor, to inspect or tamper with it. */
  abstract Connection connect() throws SQLException;

  /** Drops the append-only triggers (db/migration/VENDOR/V3__audit_append_only.sql). */
  abstract void dropTriggers() throws SQLException;

  /** Keeps a copy of the log as it is now, as a backup would. */
  abstract void backUp() throws Exception;

  /** Puts the log back as it was at {@link #backUp()}, as restoring the backup would. */
  abstract void restoreBackup() throws Exception;

  Cli.Run candor(Object... args) {
    Object[] all = new Object[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = data;
    return Cli.run(all);
  }

  void keys(int n) {
    for (int i = 0; i < n; i++) {
      Cli.Run run = candor("keys", "create", "--role", "auditor", "--collections", "*");
      assertThat(run.exit()).as(run.err()).isZero();
    }
  }

  Cli.Run verify(Object... more) {
    List<Object> args = new ArrayList<>(List.of("audit", "verify", "--receipt", r1, "--receipt",
        r2, "--trust-key", CheckpointReceipt.parse(read(r1)).keyId()));
    args.addAll(List.of(more));
    return candor(args.toArray());
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeEach
  void build_a_log_with_two_receipts() throws SQLException {
    data = root.resolve("data");
    key = root.resolve("keys").resolve("audit.key");
    r1 = root.resolve("r1.json");
    r2 = root.resolve("r2.json");
    Cli.Run keygen = candor("audit", "keygen", "--out", key);
    assertThat(keygen.exit()).as(keygen.err()).isZero();
    List<Object> first = new ArrayList<>(List.of("keys", "create", "--role", "auditor",
        "--collections", "*"));
    first.addAll(firstUse());
    Cli.Run created = candor(first.toArray());
    assertThat(created.exit()).as(created.err()).isZero();
    keys(2);
    Cli.Run checkpoint = candor("audit", "checkpoint", "--signing-key", key, "--out", r1);
    assertThat(checkpoint.exit()).as(checkpoint.err()).isZero();
    keys(3);
    assertThat(candor("audit", "checkpoint", "--signing-key", key, "--out", r2).exit()).isZero();
    keys(2);
    dropTriggers();
  }

  void execute(String sql, Object... args) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  @Test
  void keygen_writes_the_key_pair_and_refuses_to_overwrite_it() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(root.resolve("keys/audit.key.pub")))
        .startsWith("-----BEGIN PUBLIC KEY-----");
    String keyId = CheckpointReceipt.parse(read(r1)).keyId();
    Cli.Run again = candor("audit", "keygen", "--out", root.resolve("second.key"));
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("signing key: " + root.resolve("second.key"))
        .contains("public key:  " + root.resolve("second.key.pub"))
        .containsPattern("key_id:      [0-9a-f]{64}");
    assertThat(again.out()).doesNotContain(keyId);

    String before = Files.readString(key);
    Cli.Run overwrite = candor("audit", "keygen", "--out", key);
    assertThat(overwrite.exit()).isEqualTo(2);
    assertThat(overwrite.err()).isEqualTo("candor: " + key + " exists: refusing to overwrite a"
        + " signing key (receipts signed with it would no longer verify against a new one)"
        + System.lineSeparator());
    assertThat(Files.readString(key)).isEqualTo(before);

    Cli.Run inside = candor("audit", "keygen", "--out", data.resolve("audit.key"));
    assertThat(inside.exit()).isEqualTo(2);
    assertThat(inside.err()).contains("is inside the data directory " + data);
    assertThat(data.resolve("audit.key")).doesNotExist();
  }

  @Test
  void checkpoint_writes_the_receipt_then_records_it() throws Exception {
    Path r3 = root.resolve("r3.json");
    Cli.Run run = candor("audit", "checkpoint", "--signing-key", key, "--out", r3);
    assertThat(run.exit()).as(run.err()).isZero();
    CheckpointReceipt receipt = CheckpointReceipt.parse(Files.readString(r3));
    assertThat(receipt.sequence()).isEqualTo(10);
    assertThat(run.out()).isEqualTo("signed checkpoint of entry 10 (head hash "
        + receipt.headHash() + ") with key " + receipt.keyId() + System.lineSeparator()
        + "receipt written to " + r3 + "; recorded in the audit log as audit.checkpoint"
        + System.lineSeparator());
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet row = s.executeQuery("SELECT seq, action, object, actor, details FROM audit_log"
            + " ORDER BY seq DESC LIMIT 1")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getLong(1)).isEqualTo(11);
      assertThat(row.getString(2)).isEqualTo("audit.checkpoint");
      assertThat(row.getString(3)).isEqualTo("checkpoint:10");
      assertThat(row.getString(4)).startsWith("cli:");
      assertThat(row.getString(5)).contains("\"sequence\":10", "\"key_id\":\"" + receipt.keyId(),
          "\"head_hash\":\"" + receipt.headHash(), "\"action\":\"audit_checkpoint\"");
    }
  }

  @Test
  void checkpoint_refuses_to_overwrite_a_receipt_and_records_nothing() throws Exception {
    String before = Files.readString(r1);
    Cli.Run run = candor("audit", "checkpoint", "--signing-key", key, "--out", r1);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("candor: " + r1 + " exists: refusing to overwrite a receipt"
        + System.lineSeparator());
    assertThat(Files.readString(r1)).isEqualTo(before);
    assertThat(candor("audit", "verify").out()).startsWith("audit chain intact: 10 entries");
  }

  @Test
  void checkpoint_refuses_a_missing_key_and_a_broken_chain() throws SQLException {
    Path r3 = root.resolve("r3.json");
    Cli.Run missing = candor("audit", "checkpoint", "--signing-key", root.resolve("none.key"),
        "--out", r3);
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("candor: signing key " + root.resolve("none.key")
        + ": no such file (create one with `candor audit keygen --out FILE`)"
        + System.lineSeparator());
    execute("UPDATE audit_log SET actor = 'x' WHERE seq = 2");
    Cli.Run broken = candor("audit", "checkpoint", "--signing-key", key, "--out", r3);
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.err()).startsWith("candor: the audit chain is broken at entry 2");
    assertThat(r3).doesNotExist();
  }

  @Test
  void an_untouched_log_verifies_against_its_receipts() {
    String keyId = CheckpointReceipt.parse(read(r1)).keyId();
    Cli.Run run = verify();
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    String nl = System.lineSeparator();
    assertThat(run.out()).startsWith("audit chain intact: 10 entries, head at entry 10" + nl
        + "receipt " + r1 + " (entry 3, signed " + CheckpointReceipt.parse(read(r1)).time()
        + "): verified, the log still extends it: entry 3 has the signed hash and the chain"
        + " from there to the head (entry 10) is intact" + nl);
    assertThat(run.out()).endsWith("receipts held to key " + keyId + " (trusted)" + nl
        + "audit log VERIFIED against 2 receipts" + nl);

    Cli.Run unpinned = candor("audit", "verify", "--receipt", r1, r2);
    assertThat(unpinned.exit()).isZero();
    assertThat(unpinned.out()).contains("receipts held to key " + keyId
        + " (the first receipt's; pass --trust-key to pin it)");
    Cli.Run byFile = candor("audit", "verify", "--receipt", r1, "--trust-key",
        root.resolve("keys/audit.key.pub"));
    assertThat(byFile.exit()).isZero();
    assertThat(byFile.out()).contains("(trusted)");
  }

  @Test
  void truncation_is_named() throws SQLException {
    execute("DELETE FROM audit_log WHERE seq >= 7");
    Cli.Run run = verify();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("audit chain BROKEN at entry 7: entry 7 is missing (the chain"
        + " head is at entry 10)");
    assertThat(run.out()).contains("receipt " + r2 + " (entry 7, signed ")
        .contains("TRUNCATED: truncated log: entry 7, which the receipt vouches for, is gone (6"
            + " entries are stored, up to entry 6; the head says entry 10)");
    assertThat(run.out()).contains("audit log NOT VERIFIED: the chain is broken, 2 of 2 receipts"
        + " failed");
  }

  @Test
  void a_rewritten_and_rehashed_chain_is_named() throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
            "SELECT seq, at_micros, actor, action, object, details FROM audit_log ORDER BY seq")) {
      while (r.next()) {
        rows.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            r.getString(5), r.getString(6)});
      }
    }
    String prev = AuditChain.GENESIS;
    for (String[] row : rows) {
      long seq = Long.parseLong(row[0]);
      long micros = Long.parseLong(row[1]);
      String actor = seq == 2 ? "someone else" : row[2];
      String hash = AuditChain.hash(prev, AuditChain.canonicalJson(seq,
          Instant.EPOCH.plusNanos(micros * 1_000), actor, row[3], row[4], row[5]));
      execute("UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?", actor,
          prev, hash, seq);
      prev = hash;
    }
    execute("UPDATE audit_head SET hash = ? WHERE id = 1", prev);
    assertThat(candor("audit", "verify").exit()).isZero(); // the chain alone is fooled

    Cli.Run run = verify();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("audit chain intact: 10 entries")
        .contains("REWRITTEN: rewritten chain: recomputing the chain gives hash ")
        .contains(" at entry 3, but the receipt signed "
            + CheckpointReceipt.parse(read(r1)).headHash())
        .contains("audit log NOT VERIFIED: 2 of 2 receipts failed");
  }

  @Test
  void an_emptied_table_with_its_head_reset_is_named() throws SQLException {
    execute("DELETE FROM audit_log");
    execute("UPDATE audit_head SET seq = 0, hash = ? WHERE id = 1", AuditChain.GENESIS);
    assertThat(candor("audit", "verify").exit()).isZero();
    Cli.Run run = verify();
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("audit chain intact: 0 entries, head at entry 0")
        .contains("EMPTIED: emptied log: the audit log holds no entry (its head says entry 0),"
            + " but the receipt vouches for 3 entries")
        .contains("EMPTIED: emptied log: the audit log holds no entry (its head says entry 0),"
            + " but the receipt vouches for 7 entries");
  }

  @Test
  void a_rollback_to_a_backup_is_named() throws Exception {
    backUp();
    keys(2);
    Path r3 = root.resolve("r3.json");
    assertThat(candor("audit", "checkpoint", "--signing-key", key, "--out", r3).exit()).isZero();
    restoreBackup();
    assertThat(candor("audit", "verify").exit()).isZero();

    Cli.Run run = verify("--receipt", r3);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("receipt " + r1 + " (entry 3, signed ")
        .contains("receipt " + r3 + " (entry 12, signed ")
        .contains("ROLLED_BACK: rolled back: the log ends at entry 10, before entry 12 that the"
            + " receipt vouches for (it was restored from an older copy, or cut short and its"
            + " head reset)")
        .contains("audit log NOT VERIFIED: 1 of 3 receipts failed");
  }

  @Test
  void a_forged_receipt_is_named() throws Exception {
    Path forged = root.resolve("forged.json");
    Files.writeString(forged, read(r2).replace("\"sequence\": 7", "\"sequence\": 6"));
    Cli.Run run = candor("audit", "verify", "--receipt", r1, forged);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("receipt " + forged + " (entry 6, signed ")
        .contains("FORGED: forged receipt: its signature does not verify with its public key (a"
            + " field was changed after signing)");
  }

  @Test
  void a_receipt_signed_by_another_key_is_refused() throws Exception {
    Path other = root.resolve("other.key");
    assertThat(candor("audit", "keygen", "--out", other).exit()).isZero();
    Path foreign = root.resolve("foreign.json");
    assertThat(candor("audit", "checkpoint", "--signing-key", other, "--out", foreign).exit())
        .isZero();
    String trusted = CheckpointReceipt.parse(read(r1)).keyId();
    String otherId = CheckpointReceipt.parse(read(foreign)).keyId();
    Cli.Run run = verify("--receipt", foreign);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("UNTRUSTED_KEY: untrusted key: signed by key " + otherId
        + ", not by the trusted key " + trusted);

    Cli.Run alone = candor("audit", "verify", "--receipt", foreign, "--trust-key",
        root.resolve("keys/audit.key.pub"));
    assertThat(alone.exit()).isEqualTo(1);
    assertThat(alone.out()).contains("UNTRUSTED_KEY");
  }

  @Test
  void bad_receipts_and_keys_get_a_clear_message() throws Exception {
    Path bad = root.resolve("bad.json");
    Files.writeString(bad, read(r1).replace("head_hash", "hash"));
    Cli.Run malformed = candor("audit", "verify", "--receipt", bad);
    assertThat(malformed.exit()).isEqualTo(2);
    assertThat(malformed.err()).isEqualTo("candor: receipt " + bad + ": not a Candor audit"
        + " receipt: missing field 'head_hash'" + System.lineSeparator());

    Cli.Run missing = candor("audit", "verify", "--receipt", root.resolve("none.json"));
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains(root.resolve("none.json") + ": no such file");

    Cli.Run trust = candor("audit", "verify", "--receipt", r1, "--trust-key", "abc");
    assertThat(trust.exit()).isEqualTo(2);
    assertThat(trust.err()).isEqualTo("candor: --trust-key expects a key_id (64 hex digits) or a"
        + " public key file, got 'abc' (no such file)" + System.lineSeparator());

    Cli.Run noReceipt = candor("audit", "verify", "--trust-key", "ab".repeat(32));
    assertThat(noReceipt.exit()).isEqualTo(2);
    assertThat(noReceipt.err()).contains("--trust-key needs at least one --receipt FILE");
  }
}
