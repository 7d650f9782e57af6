package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.vision.image.ImageLimits;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's behaviour on a real server: the accountability rules, errors, limits, documents. */
class HttpApiTest {

  @TempDir static Path dir;
  static TestServer server;
  static String admin;
  static String enroller;
  static String alice;
  static String bob;
  static String sue;
  static String auditor;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    admin = server.adminToken();
    for (String name : List.of("archive", "watch")) {
      assertThat(server.postJson("/v1/collections", admin, Map.of("name", name, "purpose",
          "missing persons", "defaultBasis", Map.of("kind", "authority", "reference", "Act 4"),
          "retention", "P5Y")).status()).isEqualTo(201);
    }
    enroller = key("enroller", "erin");
    alice = key("investigator", "alice");
    bob = key("investigator", "bob");
    sue = key("supervisor", "sue");
    auditor = key("auditor", "audrey");
  }

  static String key(String role, String name) {
    return server.postJson("/v1/keys", admin, Map.of("role", role, "collections", List.of("*"),
        "name", name)).json().get("token").asText();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static List<Map.Entry<String, byte[]>> photo(byte[] bytes) {
    return List.of(Map.entry("photo", bytes));
  }

  static String enrol(String collection, String ref, Photos.Face face, int... variants) {
    TestServer.Response s = server.postJson("/v1/collections/" + collection + "/subjects",
        enroller, Map.of("externalRef", ref, "displayName", "Person " + ref,
            "basis", Map.of("kind", "consent", "reference", "form " + ref)));
    assertThat(s.status()).as(s.toString()).isEqualTo(201);
    String id = s.json().get("id").asText();
    List<Map.Entry<String, byte[]>> photos = new ArrayList<>();
    for (int v : variants) {
      photos.add(Map.entry("photo", Photos.crop(face, 0.5 + 0.1 * v, v % 2 == 0, 1.0, 1.0, v)));
    }
    TestServer.Response r = server.postMultipart("/v1/subjects/" + id + "/photos", enroller,
        Map.of(), photos);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("faces").asLong()).isEqualTo(variants.length);
    return id;
  }

  static TestServer.Response search(String token, String caseRef, String collections) {
    return server.postMultipart("/v1/search", token, Map.of("purpose", "missing-person",
        "case", caseRef, "collections", collections),
        photo(Photos.crop(Photos.PERSON_A, 1.0, false, 0.8, 1.15, 77)));
  }

  @Test
  void a_subject_needs_a_lawful_basis_and_a_valid_reference() {
    TestServer.Response r = server.postJson("/v1/collections/archive/subjects", enroller,
        Map.of("externalRef", "r-1", "displayName", "X"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("detail").asText()).isEqualTo(
        "'basis' is required: the lawful basis, {kind: consent|authority, reference}");
    r = server.postJson("/v1/collections/archive/subjects", enroller, Map.of("externalRef", "r-1",
        "displayName", "X", "basis", Map.of("kind", "consent", "reference", " ")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("detail").asText()).isEqualTo(
        "lawful basis reference must not be blank");
    r = server.postJson("/v1/collections/archive/subjects", enroller, Map.of("externalRef",
        "r-1", "displayName", "X", "basis", Map.of("kind", "hunch", "reference", "x")));
    assertThat(r.json().get("detail").asText()).isEqualTo(
        "lawful basis kind must be consent or authority, got 'hunch'");
  }

  @Test
  void a_search_finds_the_enrolled_person_first_and_two_users_identify_them() {
    String a = enrol("archive", "anna", Photos.PERSON_A, 1, 2);
    enrol("archive", "bea", Photos.PERSON_B, 1, 2);
    enrol("archive", "cleo", Photos.PERSON_C, 1);

    TestServer.Response r = search(alice, "CASE-1", "archive");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode result = r.json();
    JsonNode first = result.get("candidates").get(0);
    assertThat(first.get("subject").get("id").asText()).isEqualTo(a);
    assertThat(first.get("fmrText").asText()).isNotBlank();
    assertThat(result.get("notice").asText()).contains("not identifications");
    assertThat(result.get("probeBox").get("width").asDouble()).isPositive();
    String searchId = result.get("searchId").asText();
    String face = first.get("faceId").asText();
    assertThat(face).as("a random public id, not the store's sequence number")
        .matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    TestServer.Response crop = server.get("/v1/faces/" + face + "/crop", alice);
    assertThat(crop.status()).isEqualTo(200);
    assertThat(crop.contentType()).startsWith("image/jpeg");
    String altered = (face.charAt(0) == 'a' ? 'b' : 'a') + face.substring(1);
    TestServer.Response unknown = server.get("/v1/faces/" + altered + "/crop", alice);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("detail").asText())
        .isEqualTo("face " + altered + " does not exist");
    assertThat(server.get("/v1/faces/1/crop", alice).status())
        .as("store sequence numbers are not ids").isEqualTo(404);

    String path = "/v1/searches/" + searchId + "/candidates/" + face + "/reviews";
    TestServer.Response one = server.postJson(path, alice,
        Map.of("verdict", "confirmed", "note", "same scar"));
    assertThat(one.status()).as(one.toString()).isEqualTo(201);
    assertThat(one.json().get("state").asText()).isEqualTo("awaiting-second-confirmation");
    TestServer.Response again = server.postJson(path, alice,
        Map.of("verdict", "confirmed", "note", "again"));
    assertThat(again.status()).isEqualTo(409);
    TestServer.Response two = server.postJson(path, bob,
        Map.of("verdict", "confirmed", "note", "agree"));
    assertThat(two.json().get("state").asText()).isEqualTo("identified");

    JsonNode reviews = server.get("/v1/searches/" + searchId + "/reviews", auditor).json();
    assertThat(reviews.get("search").get("caseRef").asText()).isEqualTo("CASE-1");
    assertThat(reviews.get("candidates").get(0).get("state").asText()).isEqualTo("identified");
    JsonNode report = server.get("/v1/transparency", auditor).json().get("months").get(0);
    assertThat(report.get("identificationsConfirmed").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(report.get("searchesByPurpose").get("missing-person").asLong()).isPositive();
  }

  @Test
  void the_second_reviewer_decides_blind_and_a_weak_candidate_needs_a_reason() {
    enrol("watch", "ann-w", Photos.PERSON_A, 1, 2);
    enrol("watch", "bea-w", Photos.PERSON_B, 1, 2);
    enrol("watch", "cleo-w", Photos.PERSON_C, 1);
    JsonNode result = search(alice, "CASE-B", "watch").json();
    String searchId = result.get("searchId").asText();
    assertThat(result.get("reviewThreshold").asDouble()).isEqualTo(1e-3);
    assertThat(result.get("probeKeptUntil").asText()).isNotBlank();
    JsonNode first = result.get("candidates").get(0);
    assertThat(first.get("weak").asBoolean()).isFalse();
    String face = first.get("faceId").asText();
    JsonNode weak = null;
    for (JsonNode c : result.get("candidates")) {
      if (c.get("weak").asBoolean()) {
        weak = c;
        break;
      }
    }
    assertThat(weak).as("a stranger among the candidates is weak").isNotNull();

    String weakPath = "/v1/searches/" + searchId + "/candidates/" + weak.get("faceId").asText()
        + "/reviews";
    TestServer.Response refused = server.postJson(weakPath, alice,
        Map.of("verdict", "confirmed", "note", "looks alike"));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().get("type").asText()).isEqualTo("/problems/weak-candidate-reason");
    assertThat(refused.json().get("detail").asText()).startsWith(
        "rule weak-candidate-reason: candidate #" + weak.get("rank").asInt()
            + " is weak (estimated false match rate ").endsWith(
        "so confirming it needs a note of at least 40 characters saying why; got 11");
    assertThat(server.postJson(weakPath, alice, Map.of("verdict", "rejected", "note",
        "another person")).status()).isEqualTo(201);

    String path = "/v1/searches/" + searchId + "/candidates/" + face + "/reviews";
    assertThat(server.postJson(path, alice, Map.of("verdict", "confirmed", "note",
        "same scar above the lip")).status()).isEqualTo(201);

    JsonNode queue = server.get("/v1/reviews/queue", bob).json();
    assertThat(queue.findValuesAsText("searchId")).contains(searchId);
    JsonNode blind = candidate(server.get("/v1/searches/" + searchId + "/reviews", bob).json(),
        face);
    assertThat(blind.get("blind").asBoolean()).isTrue();
    assertThat(blind.get("state").isNull()).isTrue();
    assertThat(blind.get("reviews")).isEmpty();
    assertThat(blind.get("score").asDouble()).isEqualTo(first.get("score").asDouble());
    assertThat(blind.get("fmrText").asText()).isEqualTo(first.get("fmrText").asText());
    assertThat(blind.get("basis").get("reference").asText()).isEqualTo("form ann-w");
    assertThat(blind.get("source").asText()).isNotBlank();
    assertThat(blind.toString()).doesNotContain("same scar");
    TestServer.Response probe = server.get("/v1/searches/" + searchId + "/probe", bob);
    assertThat(probe.status()).isEqualTo(200);
    assertThat(probe.contentType()).startsWith("image/jpeg");
    JsonNode audited = candidate(server.get("/v1/searches/" + searchId + "/reviews", auditor)
        .json(), face);
    assertThat(audited.get("blind").asBoolean()).isFalse();
    assertThat(audited.get("reviews").get(0).get("note").asText())
        .isEqualTo("same scar above the lip");

    JsonNode decided = server.postJson(path, bob, Map.of("verdict", "confirmed", "note",
        "agree")).json();
    assertThat(decided.get("state").asText()).isEqualTo("identified");
    JsonNode open = candidate(server.get("/v1/searches/" + searchId + "/reviews", bob).json(),
        face);
    assertThat(open.get("blind").asBoolean()).isFalse();
    assertThat(open.get("reviews").findValuesAsText("note"))
        .containsExactly("same scar above the lip", "agree");
    assertThat(server.get("/v1/reviews/queue", bob).json().findValuesAsText("searchId"))
        .doesNotContain(searchId);
  }

  static JsonNode candidate(JsonNode sheet, String faceId) {
    for (JsonNode c : sheet.get("candidates")) {
      if (c.get("faceId").asText().equals(faceId)) {
        return c;
      }
    }
    throw new AssertionError("no candidate " + faceId + " in " + sheet);
  }

  @Test
  void a_search_of_two_collections_needs_a_supervisors_approval_recorded_first() {
    TestServer.Response denied = search(alice, "CASE-2", "archive,watch");
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("detail").asText()).startsWith(
        "a search of 2 collections needs a supervisor's approval for case CASE-2 and purpose"
            + " missing-person, recorded first");
    TestServer.Response approval = server.postJson("/v1/approvals", sue, Map.of("caseRef",
        "CASE-2", "purpose", "missing-person", "collections", List.of("archive", "watch"),
        "note", "the child may be in either", "investigator", "alice"));
    assertThat(approval.status()).as(approval.toString()).isEqualTo(201);
    assertThat(search(alice, "CASE-2", "archive,watch").status()).isEqualTo(200);
    assertThat(search(bob, "CASE-2", "archive,watch").status()).isEqualTo(403);
    assertThat(search(alice, "CASE-2", "*").status()).isEqualTo(403);
    TestServer.Response self = search(sue, "CASE-2", "archive,watch");
    assertThat(self.status()).isEqualTo(403);
    assertThat(self.json().get("detail").asText()).contains("who cannot approve their own searches");
    TestServer.Response audit = server.get("/v1/audit?limit=1000", auditor);
    List<String> actions = new ArrayList<>();
    audit.json().get("entries").forEach(e -> actions.add(e.get("action").asText()));
    assertThat(actions).containsSubsequence("policy.deny", "search.approve", "search.run");
    // The approved search's own entry carries what allowed it: one append, one transaction.
    JsonNode approvedRun = null;
    for (JsonNode e : audit.json().get("entries")) {
      if (e.get("action").asText().equals("search.run")
          && e.get("details").get("case").asText().equals("CASE-2")) {
        approvedRun = e;
      }
    }
    assertThat(approvedRun).as("the approved search's audit entry").isNotNull();
    JsonNode authorization = approvedRun.get("details").get("authorization");
    assertThat(authorization.get("approval").asText())
        .isEqualTo(approval.json().get("id").asText());
    assertThat(authorization.get("policy").get("allowed").asBoolean()).isTrue();
    assertThat(authorization.get("policy").get("action").asText()).isEqualTo("search");
  }

  @Test
  void an_unknown_purpose_or_a_missing_case_is_a_clear_400() {
    TestServer.Response r = server.postMultipart("/v1/search", alice, Map.of("purpose",
        "curiosity", "case", "X", "collections", "archive"), photo(Photos.crop(Photos.PERSON_A, 5)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("detail").asText()).startsWith("unknown search purpose 'curiosity'");
    r = server.postMultipart("/v1/search", alice, Map.of("purpose", "missing-person",
        "collections", "archive"), photo(Photos.crop(Photos.PERSON_A, 5)));
    assertThat(r.json().get("detail").asText()).isEqualTo("a search requires a case reference");
  }

  @Test
  void image_headers_over_the_pixel_limit_are_refused_before_decoding() {
    TestServer.Response r = server.postMultipart("/v1/detect", enroller, Map.of(),
        photo(pngHeader(30_000, 30_000)));
    assertThat(r.status()).as(r.toString()).isEqualTo(413);
    assertThat(r.contentType()).startsWith("application/problem+json");
    r = server.postMultipart("/v1/detect", enroller, Map.of(),
        photo("not an image".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    r = server.postJson("/v1/detect", enroller, Map.of());
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.json().get("detail").asText())
        .isEqualTo("send multipart/form-data with the image in field 'photo'");
  }

  @Test
  void files_over_the_size_limit_are_refused(@TempDir Path small) {
    try (TestServer tiny = TestServer.start(small, new ImageLimits(20_000, 1_000_000, 4_000))) {
      String key = tiny.postJson("/v1/keys", tiny.adminToken(), Map.of("role", "enroller",
          "collections", List.of("*"))).json().get("token").asText();
      byte[] big = Photos.crop(Photos.PERSON_A, 2.0, false, 2.0, 1.0, 1);
      assertThat(big.length).isGreaterThan(20_000);
      TestServer.Response r = tiny.postMultipart("/v1/detect", key, Map.of(), photo(big));
      assertThat(r.status()).as(r.toString()).isEqualTo(413);
      assertThat(r.json().get("detail").asText()).contains("exceeds the limit of 20000 bytes");
    }
  }

  @Test
  void the_openapi_document_lists_every_route_and_the_docs_page_is_served() {
    JsonNode doc = server.get("/openapi.json", auditor).json();
    assertThat(doc.get("openapi").asText()).isEqualTo("3.0.3");
    for (ApiRoute route : server.server().routes()) {
      assertThat(doc.get("paths").get(route.path()).get(route.method().name().toLowerCase()))
          .as(route.method() + " " + route.path()).isNotNull();
    }
    assertThat(doc.get("paths").get("/v1/search").get("post").get("requestBody").get("content")
        .get("multipart/form-data")).isNotNull();
    TestServer.Response page = server.get("/docs.html", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("openapi.json");
  }

  @Test
  void metrics_expose_search_latency_ingest_counts_and_index_size() {
    enrol("watch", "dora", Photos.PERSON_B, 3);
    search(alice, "CASE-3", "watch");
    String metrics = server.get("/metrics", auditor).body();
    assertThat(metrics).contains("candor_search_seconds_bucket");
    assertThat(metrics).contains("candor_ingest_faces_total");
    assertThat(metrics).containsPattern("candor_index_faces [1-9]");
    assertThat(metrics).contains("candor_http_requests_seconds_count{method=\"POST\","
        + "route=\"/v1/search\",status=\"200\"}");
  }

  @Test
  void erasing_a_subject_removes_it_and_keeps_only_the_fact_in_the_audit() {
    String id = enrol("archive", "erase-me", Photos.PERSON_C, 4);
    TestServer.Response r = server.delete("/v1/subjects/" + id, enroller);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("facesErased").asInt()).isEqualTo(1);
    assertThat(server.get("/v1/subjects/" + id, enroller).status()).isEqualTo(404);
    assertThat(server.get("/v1/audit/verify", auditor).json().get("intact").asBoolean()).isTrue();
    TestServer.Response schedule = server.get("/v1/retention-schedule", auditor);
    assertThat(schedule.json().get("collections").get(0).get("retention").asText())
        .isEqualTo("P5Y");
  }

  @Test
  void signing_in_is_audited_and_tells_the_role() {
    TestServer.Response r = server.post("/v1/session", alice);
    assertThat(r.json().get("role").asText()).isEqualTo("investigator");
    assertThat(r.json().get("user").asText()).isEqualTo("alice");
    assertThat(r.json().get("purposes").toString()).contains("missing-person");
  }

  /** A PNG of a header only, declaring {@code width} × {@code height} pixels. */
  static byte[] pngHeader(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(13).array());
    out.writeBytes(ihdr.array());
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    out.writeBytes(new byte[64]);
    return out.toByteArray();
  }
}
