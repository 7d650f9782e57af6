package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.audit.CheckpointSigner;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The investigator's and the auditor's desks over HTTP on a real server with a signing key:
 * picking the probe's face by its box, the case file (searches the reader is granted, decisions
 * hidden from a reader still to decide, the read audited), the case report as PDF (read back
 * with PDFBox), and the audit log's filters and exports within an auditor's collections.
 */
class CaseDeskHttpTest {

  @TempDir static Path root;
  static TestServer server;
  static String admin;
  static String enroller;
  static String alice;
  static String bob;
  static String archiveOnly;
  static String auditor;
  static String archiveAuditor;

  @BeforeAll
  static void start() throws IOException {
    Path data = root.resolve("data");
    CheckpointSigner signer = CheckpointSigner.generate(root.resolve("keys").resolve("a.key"),
        data);
    server = TestServer.start(data, new CandorServer.Checkpointing(signer, Duration.ofHours(1),
        List.of()));
    admin = server.adminToken();
    for (String name : List.of("archive", "watch")) {
      assertThat(server.postJson("/v1/collections", admin, Map.of("name", name, "purpose",
          "missing persons", "defaultBasis", Map.of("kind", "authority", "reference", "Act 4"),
          "retention", "P5Y")).status()).isEqualTo(201);
    }
    enroller = key("enroller", "erin", List.of("*"));
    alice = key("investigator", "alice", List.of("*"));
    bob = key("investigator", "bob", List.of("*"));
    archiveOnly = key("investigator", "carl", List.of("archive"));
    auditor = key("auditor", "audrey", List.of("*"));
    archiveAuditor = key("auditor", "arne", List.of("archive"));
    enrol("archive", "anna", Photos.PERSON_A);
    enrol("archive", "bea", Photos.PERSON_B);
    enrol("watch", "cleo", Photos.PERSON_C);
  }

  static String key(String role, String name, List<String> collections) {
    return server.postJson("/v1/keys", admin, Map.of("role", role, "collections", collections,
        "name", name)).json().get("token").asText();
  }

  static void enrol(String collection, String ref, Photos.Face face) {
    String id = server.postJson("/v1/collections/" + collection + "/subjects", enroller,
        Map.of("externalRef", ref, "displayName", "Person " + ref, "basis",
            Map.of("kind", "consent", "reference", "form " + ref))).json().get("id").asText();
    TestServer.Response r = server.postMultipart("/v1/subjects/" + id + "/photos", enroller,
        Map.of(), List.of(Map.entry("photo", Photos.crop(face, 1)),
            Map.entry("photo", Photos.crop(face, 0.8, true, 1.0, 1.0, 2))));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static TestServer.Response search(String token, String caseRef, String collections,
      byte[] photo, String face) {
    Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("purpose",
        "missing-person", "case", caseRef, "collections", collections));
    if (face != null) {
      fields.put("face", face);
    }
    return server.postMultipart("/v1/search", token, fields, List.of(Map.entry("photo", photo)));
  }

  static String box(JsonNode box) {
    return box.get("x").asText() + "," + box.get("y").asText() + ","
        + box.get("width").asText() + "," + box.get("height").asText();
  }

  static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  @Test
  void a_search_uses_the_face_picked_by_its_box_and_refuses_a_box_without_one() {
    byte[] group = Photos.jpeg(Photos.fixture(3));
    JsonNode faces = server.postMultipart("/v1/detect", alice, Map.of(),
        List.of(Map.entry("photo", group))).json().get("faces");
    assertThat(faces.size()).isGreaterThan(1);
    assertThat(faces.get(0).get("landmarks").size()).isEqualTo(10);
    // Anna is the woman at 242,135 82x116 in this photo, not its largest face.
    JsonNode anna = list(faces).stream().min(java.util.Comparator.comparingDouble(f ->
        Math.hypot(f.get("box").get("x").asDouble() - 242, f.get("box").get("y").asDouble()
            - 135))).orElseThrow();

    TestServer.Response picked = search(alice, "PICK-1", "archive", group, box(anna.get("box")));
    assertThat(picked.status()).as(picked.toString()).isEqualTo(200);
    assertThat(picked.json().get("facesInProbe").asInt()).isEqualTo(faces.size());
    assertThat(picked.json().get("probeBox").get("x").asDouble())
        .isCloseTo(anna.get("box").get("x").asDouble(), org.assertj.core.data.Offset.offset(1.0));
    assertThat(picked.json().get("candidates").get(0).get("subject").get("externalRef").asText())
        .isEqualTo("anna");
    JsonNode entry = server.get("/v1/audit?case=PICK-1&action=search.run", auditor).json()
        .get("entries").get(0);
    assertThat(entry.get("details").get("probe_face_at").asText()).isEqualTo(
        box(anna.get("box")).replace(".0,", ",").replaceAll("\\.0$", ""));

    TestServer.Response nowhere = search(alice, "PICK-2", "archive", group, "1,1,5,5");
    assertThat(nowhere.status()).isEqualTo(400);
    assertThat(nowhere.json().get("detail").asText()).startsWith(
        "no face of the probe is at the box given (1,1,5,5); the photo holds " + faces.size()
            + " face(s)");
    TestServer.Response malformed = search(alice, "PICK-2", "archive", group, "left");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("detail").asText()).isEqualTo("face must be"
        + " x,y,width,height in pixels of the photo (a box POST /v1/detect returned), got 'left'");
    assertThat(server.get("/v1/audit?case=PICK-2&action=search.run", auditor).json()
        .get("entries")).isEmpty();
  }

  @Test
  void the_case_file_shows_the_readers_searches_blind_until_they_decide_and_audits_the_read() {
    byte[] probe = Photos.crop(Photos.PERSON_A, 1.0, false, 0.85, 1.15, 31);
    JsonNode first = search(alice, "CASE-D1", "archive", probe, null).json();
    JsonNode second = search(alice, "CASE-D1", "watch", probe, null).json();
    String searchId = first.get("searchId").asText();
    String face = first.get("candidates").get(0).get("faceId").asText();
    assertThat(server.postJson("/v1/searches/" + searchId + "/candidates/" + face + "/reviews",
        alice, Map.of("verdict", "confirmed", "note", "same face shape and hairline"))
        .status()).isEqualTo(201);

    // Bob may decide and has not: the sheet is blind and alice's decision is not among the
    // entries; the searches of both collections are there.
    JsonNode blind = server.get("/v1/cases/CASE-D1", bob).json();
    assertThat(blind.get("caseRef").asText()).isEqualTo("CASE-D1");
    assertThat(blind.get("notice").asText()).startsWith("The candidates in this report are"
        + " investigative leads, not identifications.");
    assertThat(list(blind.get("searches"))).extracting(s -> s.get("search").get("searchId")
        .asText()).containsExactly(searchId, second.get("searchId").asText());
    JsonNode candidate = blind.get("searches").get(0).get("candidates").get(0);
    assertThat(candidate.get("blind").asBoolean()).isTrue();
    assertThat(candidate.get("reviews")).isEmpty();
    assertThat(candidate.get("landmarks").size()).isEqualTo(10);
    assertThat(list(candidate.get("landmarks"))).allSatisfy(v ->
        assertThat(v.asDouble()).isBetween(0.0, 1.0));
    List<String> actions = list(blind.get("entries")).stream().map(e -> e.get("action").asText())
        .toList();
    assertThat(actions).contains("search.run", "policy.allow").doesNotContain("review.confirmed");
    JsonNode read = blind.get("entries").get(blind.get("entries").size() - 1);
    assertThat(read.get("object").asText()).isEqualTo("case:CASE-D1");
    assertThat(read.get("actor").asText()).startsWith("bob (key");
    assertThat(read.get("details").get("searches").size()).isEqualTo(2);

    // Alice has decided: she sees her decision and its entry.
    JsonNode open = server.get("/v1/cases/CASE-D1", alice).json();
    assertThat(open.get("searches").get(0).get("candidates").get(0).get("state").asText())
        .isEqualTo("awaiting-second-confirmation");
    assertThat(list(open.get("entries"))).extracting(e -> e.get("action").asText())
        .contains("review.confirmed");

    // Carl is granted the archive only: the watch search is not there, as if it did not exist.
    JsonNode scoped = server.get("/v1/cases/CASE-D1", archiveOnly).json();
    assertThat(list(scoped.get("searches"))).extracting(s -> s.get("search").get("searchId")
        .asText()).containsExactly(searchId);
    assertThat(scoped.toString()).doesNotContain(second.get("searchId").asText())
        .doesNotContain("\"watch\"");
    TestServer.Response hidden = server.get("/v1/cases/CASE-NONE", alice);
    assertThat(hidden.status()).isEqualTo(404);
    assertThat(hidden.contentType()).startsWith("application/problem+json");
    assertThat(hidden.json().get("detail").asText())
        .isEqualTo("case CASE-NONE has no search or approval you may read");
    TestServer.Response enrollers = server.get("/v1/cases/CASE-D1", enroller);
    assertThat(enrollers.status()).isEqualTo(403);
  }

  @Test
  void the_case_report_is_a_pdf_with_the_leads_statement_decisions_entries_and_checkpoint()
      throws IOException {
    byte[] probe = Photos.crop(Photos.PERSON_A, 1.0, false, 0.9, 1.1, 41);
    JsonNode result = search(alice, "CASE-PDF", "archive", probe, null).json();
    String searchId = result.get("searchId").asText();
    String face = result.get("candidates").get(0).get("faceId").asText();
    String url = "/v1/searches/" + searchId + "/candidates/" + face + "/reviews";
    assertThat(server.postJson(url, alice, Map.of("verdict", "confirmed",
        "note", "same face shape and hairline")).status()).isEqualTo(201);
    assertThat(server.postJson(url, bob, Map.of("verdict", "confirmed",
        "note", "agree: same person")).status()).isEqualTo(201);
    assertThat(server.post("/v1/audit/checkpoint", admin).status()).isEqualTo(201);

    TestServer.Response pdf = server.get("/v1/cases/CASE-PDF/report.pdf", bob);
    assertThat(pdf.status()).as(pdf.toString()).isEqualTo(200);
    assertThat(pdf.contentType()).startsWith("application/pdf");
    String text;
    int pages;
    try (PDDocument doc = Loader.loadPDF(pdf.bytes())) {
      pages = doc.getNumberOfPages();
      text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
      assertThat(doc.getDocumentInformation().getTitle()).isEqualTo("Candor case report"
          + " CASE-PDF");
    }
    assertThat(pages).isGreaterThanOrEqualTo(1);
    assertThat(text).contains("Case report: CASE-PDF")
        .contains("Candidates are investigative leads, not identifications.")
        .contains("Search " + searchId)
        .contains("Subject Person anna (ref anna)")
        .contains("Lawful basis: consent, form anna")
        .contains("State: identified")
        .contains("alice confirmed at").contains("\"same face shape and hairline\"")
        .contains("bob confirmed at").contains("\"agree: same person\"")
        .contains("#" + result.get("auditSequence").asLong() + " ")
        .contains("review.confirmed").contains("candidate.identified")
        .contains("Latest signed checkpoint of the audit chain")
        .contains("Head hash ")
        .contains("page 1 of " + pages);
    JsonNode export = server.get("/v1/audit?case=CASE-PDF&action=policy.allow", auditor).json()
        .get("entries");
    assertThat(list(export)).extracting(e -> e.get("object").asText())
        .contains("case:CASE-PDF/report");
    assertThat(text).contains("audit entry #" + export.get(export.size() - 1).get("sequence")
        .asLong() + " records this export");
  }

  @Test
  void the_audit_log_filters_within_the_auditors_collections_and_exports_csv_and_json() {
    byte[] probe = Photos.crop(Photos.PERSON_A, 1.0, false, 0.95, 1.05, 51);
    search(bob, "CASE-F1", "archive", probe, null);
    search(bob, "CASE-F1", "watch", probe, null);

    JsonNode byCase = server.get("/v1/audit?case=CASE-F1", auditor).json();
    assertThat(list(byCase.get("entries"))).hasSize(2).allSatisfy(e -> {
      assertThat(e.get("action").asText()).isEqualTo("search.run");
      assertThat(e.get("actor").asText()).startsWith("bob (key");
    });
    assertThat(byCase.get("next").isNull()).isTrue();
    assertThat(list(server.get("/v1/audit?case=CASE-F1", archiveAuditor).json().get("entries")))
        .hasSize(1);
    assertThat(list(server.get("/v1/audit?case=CASE-F1&collection=watch", archiveAuditor)
        .json().get("entries"))).isEmpty();
    assertThat(list(server.get("/v1/audit?actor=bob&action=search.*&collection=watch", auditor)
        .json().get("entries"))).extracting(e -> e.get("details").get("case").asText())
        .contains("CASE-F1");
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    assertThat(list(server.get("/v1/audit?case=CASE-F1&from=" + today + "&to=" + today, auditor)
        .json().get("entries"))).hasSize(2);
    assertThat(list(server.get("/v1/audit?case=CASE-F1&from=" + tomorrow, auditor).json()
        .get("entries"))).isEmpty();
    TestServer.Response badDay = server.get("/v1/audit?from=yesterday", auditor);
    assertThat(badDay.status()).isEqualTo(400);
    assertThat(badDay.json().get("detail").asText()).isEqualTo("from must be a day (YYYY-MM-DD)"
        + " or an ISO-8601 instant (2026-12-01T10:00:00Z), got 'yesterday'");

    TestServer.Response csv = server.get("/v1/audit/export?format=csv&action=search.run",
        auditor);
    assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    String[] rows = csv.body().split("\r\n");
    assertThat(rows[0]).isEqualTo("sequence,time,actor,action,object,details,prev_hash,hash");
    assertThat(rows).hasSizeGreaterThan(3);
    assertThat(csv.body()).contains(",search.run,search:")
        .contains(",\"{\"\"authorization\"\":{\"\"policy\"\":");
    TestServer.Response json = server.get("/v1/audit/export?format=json&case=CASE-F1",
        archiveAuditor);
    assertThat(json.status()).isEqualTo(200);
    assertThat(list(json.json().get("entries"))).hasSize(1);
    assertThat(json.json().get("capped").asBoolean()).isFalse();
    TestServer.Response badFormat = server.get("/v1/audit/export?format=xml", auditor);
    assertThat(badFormat.status()).isEqualTo(400);
    assertThat(list(server.get("/v1/audit?action=policy.allow", auditor).json().get("entries")))
        .extracting(e -> e.get("object").asText()).contains("audit:export");
    assertThat(server.get("/v1/audit/export", alice).status()).isEqualTo(403);
  }

  @Test
  void the_csv_export_quotes_fields_and_never_starts_one_with_a_formula() {
    candor.core.audit.AuditEntry entry = new candor.core.audit.AuditEntry(9,
        java.time.Instant.parse("2026-12-01T10:00:00Z"), "=cmd|' /C calc'!A0", "-action",
        "@object", "{\"case\":\"a,b\"}", "0".repeat(64), "1".repeat(64));
    assertThat(AuditRoutes.csv(List.of(entry))).isEqualTo(
        "sequence,time,actor,action,object,details,prev_hash,hash\r\n"
            + "9,2026-12-01T10:00:00Z,'=cmd|' /C calc'!A0,'-action,'@object,"
            + "\"{\"\"case\"\":\"\"a,b\"\"}\"," + "0".repeat(64) + "," + "1".repeat(64) + "\r\n");
  }
}
