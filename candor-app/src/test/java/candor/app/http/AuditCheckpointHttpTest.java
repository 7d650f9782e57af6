package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.app.Main;
import candor.core.audit.CheckpointReceipt;
import candor.core.audit.CheckpointSigner;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code GET} and {@code POST /v1/audit/checkpoint} on real servers: one with a signing key (which
 * also signs at start and hands each scheduled receipt to a hook), one without. The receipts the
 * API serves verify with {@code candor audit verify --receipt}.
 */
class AuditCheckpointHttpTest {

  @TempDir static Path root;
  static TestServer signing;
  static TestServer keyless;
  static CheckpointSigner signer;
  static Path published;
  static Path publicKey;
  static String auditor;
  static String supervisor;
  static String investigator;

  @BeforeAll
  static void start() throws Exception {
    Path data = root.resolve("data");
    Path key = root.resolve("keys").resolve("audit.key");
    signer = CheckpointSigner.generate(key, data);
    publicKey = CheckpointSigner.publicKeyFile(key);
    published = Files.createDirectories(root.resolve("published"));
    Path hook = root.resolve("publish.sh");
    Files.writeString(hook, "#!/bin/sh\ncp \"$1\" '" + published + "/'\n");
    signing = TestServer.start(data, new CandorServer.Checkpointing(signer, Duration.ofHours(1),
        List.of("/bin/sh", hook.toString())));
    keyless = TestServer.start(root.resolve("keyless"));
    auditor = key(signing, "auditor");
    supervisor = key(signing, "supervisor");
    investigator = key(signing, "investigator");
  }

  @AfterAll
  static void stop() {
    if (signing != null) {
      signing.close();
    }
    if (keyless != null) {
      keyless.close();
    }
  }

  static String key(TestServer server, String role) {
    TestServer.Response r = server.postJson("/v1/keys", server.adminToken(), Map.of("role", role,
        "collections", List.of("*"), "name", role + "-user"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  /** Waits for what the checkpoint thread does in the background (no time is asserted). */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (condition.getAsBoolean() == false) {
      assertThat(System.nanoTime() < deadline).as("timed out waiting until " + what).isTrue();
      Thread.sleep(50);
    }
  }

  static void assertProblem(TestServer.Response r, int status, String detail) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("detail").asText()).isEqualTo(detail);
  }

  @Test
  void the_server_signs_at_start_and_hands_the_receipt_to_the_hook() throws Exception {
    await("the start checkpoint is served",
        () -> signing.get("/v1/audit/checkpoint", auditor).status() == 200);
    await("the hook published it", () -> published.toFile().list().length > 0);
    Path file;
    try (var files = Files.list(published)) {
      file = files.findFirst().orElseThrow();
    }
    CheckpointReceipt receipt = CheckpointReceipt.parse(Files.readString(file));
    assertThat(file.getFileName().toString()).isEqualTo("receipt-" + receipt.sequence() + ".json");
    assertThat(receipt.keyId()).isEqualTo(signer.keyId());
    assertThat(receipt.signatureProblem()).isEmpty();
  }

  @Test
  void an_auditor_signs_a_checkpoint_and_a_supervisor_reads_it() throws Exception {
    await("the start checkpoint is served",
        () -> signing.get("/v1/audit/checkpoint", auditor).status() == 200);
    long head = signing.get("/v1/audit?limit=1", auditor).json().get("headSequence").asLong();
    TestServer.Response posted = signing.post("/v1/audit/checkpoint", auditor);
    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    assertThat(posted.contentType()).startsWith("application/json");
    CheckpointReceipt receipt = CheckpointReceipt.parse(posted.body());
    assertThat(receipt.sequence()).isGreaterThanOrEqualTo(head);
    assertThat(receipt.keyId()).isEqualTo(signer.keyId());
    assertThat(posted.body()).isEqualTo(receipt.toJson());

    TestServer.Response latest = signing.get("/v1/audit/checkpoint", supervisor);
    assertThat(latest.status()).as(latest.toString()).isEqualTo(200);
    assertThat(latest.body()).isEqualTo(posted.body());

    TestServer.Response admin = signing.post("/v1/audit/checkpoint", signing.adminToken());
    assertThat(admin.status()).as(admin.toString()).isEqualTo(201);

    // What the API serves is a receipt file: saved as is, the CLI verifies the log against it.
    Path saved = root.resolve("latest.json");
    Files.writeString(saved, signing.get("/v1/audit/checkpoint", auditor).body());
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int exit = cl.execute("audit", "verify", "--receipt", saved.toString(), "--trust-key",
        publicKey.toString(), "--data", root.resolve("data").toString());
    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString()).contains("audit log VERIFIED against 1 receipt");
    Files.delete(saved);
  }

  @Test
  void roles_that_may_not_sign_are_refused_and_the_refusal_is_audited() {
    assertProblem(signing.post("/v1/audit/checkpoint", investigator), 403,
        "role investigator may not sign audit checkpoints");
    assertProblem(signing.post("/v1/audit/checkpoint", supervisor), 403,
        "role supervisor may not sign audit checkpoints");
    assertProblem(signing.get("/v1/audit/checkpoint", investigator), 403,
        "role investigator may not read the audit log");
    assertThat(signing.post("/v1/audit/checkpoint", null).status()).isEqualTo(401);
    JsonNode entries = signing.get("/v1/audit?limit=1000", auditor).json().get("entries");
    boolean denied = false;
    for (JsonNode e : entries) {
      denied |= e.get("action").asText().equals("policy.deny")
          && e.get("object").asText().equals("action:audit_checkpoint")
          && e.get("actor").asText().startsWith("supervisor-user");
    }
    assertThat(denied).as(entries.toString()).isTrue();
  }

  @Test
  void the_transparency_report_lists_the_checkpoints() throws Exception {
    await("the start checkpoint is served",
        () -> signing.get("/v1/audit/checkpoint", auditor).status() == 200);
    JsonNode checkpoints = signing.get("/v1/transparency", investigator).json()
        .get("checkpoints");
    assertThat(checkpoints.size()).isGreaterThanOrEqualTo(1);
    assertThat(checkpoints.get(0).get("keyId").asText()).isEqualTo(signer.keyId());
    assertThat(checkpoints.get(0).get("sequence").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(checkpoints.get(0).get("time").asText()).isNotBlank();
  }

  @Test
  void without_a_signing_key_there_is_no_checkpoint_and_signing_is_refused() {
    String keylessAuditor = key(keyless, "auditor");
    assertProblem(keyless.get("/v1/audit/checkpoint", keylessAuditor), 404,
        "no audit checkpoint has been signed yet");
    assertProblem(keyless.post("/v1/audit/checkpoint", keylessAuditor), 409,
        "this service has no audit signing key (start it with --signing-key FILE)");
    assertProblem(keyless.post("/v1/audit/checkpoint", key(keyless, "enroller")), 403,
        "role enroller may not sign audit checkpoints");
  }

  @Test
  void closing_the_server_stops_its_checkpoint_thread(@TempDir Path other) throws Exception {
    List<Thread> others = checkpointThreads();
    TestServer server = TestServer.start(other.resolve("data"), new CandorServer.Checkpointing(
        signer, Duration.ofSeconds(1), List.of()));
    String reader = key(server, "auditor");
    await("the start checkpoint is served",
        () -> server.get("/v1/audit/checkpoint", reader).status() == 200);
    List<Thread> mine = checkpointThreads().stream().filter(t -> others.contains(t) == false)
        .toList();
    assertThat(mine).hasSize(1);
    server.close();
    mine.getFirst().join(Duration.ofSeconds(30));
    assertThat(mine.getFirst().isAlive()).isFalse();
  }

  static List<Thread> checkpointThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("candor-checkpoint") && t.isAlive()).toList();
  }
}
