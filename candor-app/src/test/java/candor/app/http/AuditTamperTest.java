package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.app.Main;
import candor.core.audit.AuditChain;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Tampers with the audit log directly in the database, as someone with write access to the file
 * could (after dropping the append-only triggers), and checks that {@code GET /v1/audit/verify}
 * and {@code candor audit verify} catch each change and name the first broken entry. Every test
 * restores the rows it changed, and the chain verifies again.
 */
class AuditTamperTest {

  @TempDir static Path dir;
  static TestServer server;
  static String auditor;
  static long head;

  @BeforeAll
  static void start() throws SQLException {
    server = TestServer.start(dir);
    String admin = server.adminToken();
    for (int i = 0; i < 4; i++) {
      server.postJson("/v1/collections", admin, Map.of("name", "c" + i, "purpose", "p",
          "defaultBasis", Map.of("kind", "consent", "reference", "r")));
    }
    auditor = server.postJson("/v1/keys", admin, Map.of("role", "auditor",
        "collections", List.of("*"), "name", "audrey")).json().get("token").asText();
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER audit_log_no_update");
      s.execute("DROP TRIGGER audit_log_no_delete");
    }
    head = verify().get("headSequence").asLong();
    assertThat(head).isGreaterThanOrEqualTo(9);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void the_restored_chain_verifies_again() {
    JsonNode v = verify();
    assertThat(v.get("intact").asBoolean()).as(v.toString()).isTrue();
    assertThat(cli().exit()).isZero();
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("candor.db"));
  }

  static JsonNode verify() {
    TestServer.Response r = server.get("/v1/audit/verify", auditor);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  record Cli(int exit, String out) {}

  static Cli cli() {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int exit = cl.execute("audit", "verify", "--data", dir.toString());
    return new Cli(exit, out.toString());
  }

  record Row(long seq, long micros, String actor, String action, String object, String details,
      String prevHash, String hash) {}

  static Row row(long seq) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
        "SELECT * FROM audit_log WHERE seq = ?")) {
      s.setLong(1, seq);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        return new Row(r.getLong("seq"), r.getLong("at_micros"), r.getString("actor"),
            r.getString("action"), r.getString("object"), r.getString("details"),
            r.getString("prev_hash"), r.getString("hash"));
      }
    }
  }

  static void execute(String sql, Object... args) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  static void restore(Row row) throws SQLException {
    execute("DELETE FROM audit_log WHERE seq = ?", row.seq());
    execute("INSERT INTO audit_log (seq, at_micros, actor, action, object, details, prev_hash,"
        + " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row.seq(), row.micros(), row.actor(),
        row.action(), row.object(), row.details(), row.prevHash(), row.hash());
  }

  static void assertBrokenAt(long seq, String problem) {
    JsonNode v = verify();
    assertThat(v.get("intact").asBoolean()).isFalse();
    assertThat(v.get("firstBroken").asLong()).isEqualTo(seq);
    assertThat(v.get("problem").asText()).isEqualTo(problem);
    Cli cli = cli();
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.out()).contains("audit chain BROKEN at entry " + seq + ": " + problem);
  }

  @Test
  void an_edited_entry_is_named() throws SQLException {
    Row original = row(3);
    execute("UPDATE audit_log SET details = ? WHERE seq = 3",
        original.details().replace("\"c", "\"x"));
    assertBrokenAt(3, "entry 3 was altered (its hash does not match its content)");
    restore(original);
  }

  @Test
  void an_edited_actor_with_a_recomputed_hash_breaks_the_next_link() throws SQLException {
    Row original = row(4);
    String json = AuditChain.canonicalJson(4, Instant.EPOCH.plusNanos(original.micros() * 1000),
        "someone else", original.action(), original.object(), original.details());
    execute("UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 4", "someone else",
        AuditChain.hash(original.prevHash(), json));
    assertBrokenAt(5, "entry 5 does not link to entry 4 (its prev_hash differs)");
    restore(original);
  }

  @Test
  void a_deleted_entry_is_named() throws SQLException {
    Row original = row(5);
    execute("DELETE FROM audit_log WHERE seq = 5");
    assertBrokenAt(5, "entry 5 is missing (the next stored entry is 6)");
    restore(original);
  }

  @Test
  void a_deleted_last_entry_is_named() throws SQLException {
    Row original = row(head);
    execute("DELETE FROM audit_log WHERE seq = ?", head);
    assertBrokenAt(head, "entry " + head + " is missing (the chain head is at entry " + head
        + ")");
    restore(original);
  }

  @Test
  void an_entry_added_outside_the_log_is_named() throws SQLException {
    Row last = row(head);
    String json = AuditChain.canonicalJson(head + 1, Instant.parse("2026-01-01T00:00:00Z"),
        "forger", "key.create", "key:x", "{}");
    execute("INSERT INTO audit_log (seq, at_micros, actor, action, object, details, prev_hash,"
        + " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", head + 1, 1_767_225_600_000_000L, "forger",
        "key.create", "key:x", "{}", last.hash(), AuditChain.hash(last.hash(), json));
    assertBrokenAt(head + 1, "entry " + (head + 1)
        + " was added outside the audit log (the chain head is at entry " + head + ")");
    execute("DELETE FROM audit_log WHERE seq = ?", head + 1);
  }

  @Test
  void swapped_entries_are_named() throws SQLException {
    Row six = row(6);
    Row seven = row(7);
    execute("UPDATE audit_log SET seq = -1 WHERE seq = 6");
    execute("UPDATE audit_log SET seq = 6, prev_hash = ? WHERE seq = 7", six.prevHash());
    execute("UPDATE audit_log SET seq = 7, prev_hash = ? WHERE seq = -1", seven.hash());
    assertBrokenAt(6, "entry 6 was altered (its hash does not match its content)");
    restore(six);
    restore(seven);
  }
}
