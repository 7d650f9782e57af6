package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People's requests over HTTP on a real server: a privacy officer receives an erasure request
 * with a selfie, two officers confirm the match, the identity is checked, the report comes as
 * JSON and as a PDF, the erasure leaves the person unfindable with its receipt attached, the
 * answer deletes the photo; an opt-out keeps the person's next photo out of the gallery. Person
 * C is never enrolled anywhere: the stranger.
 */
class RequestsHttpTest {

  @TempDir static Path dir;
  static TestServer server;
  static String olga;
  static String pia;
  static String erin;
  static String ivan;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    String admin = server.adminToken();
    for (String name : List.of("archive", "events")) {
      assertThat(server.postJson("/v1/collections", admin, Map.of("name", name, "purpose",
          "test " + name, "defaultBasis", Map.of("kind", "authority", "reference",
              "Act " + name), "retention", "P5Y")).status()).isEqualTo(201);
    }
    olga = key(admin, "privacy-officer", List.of("*"), "olga");
    pia = key(admin, "privacy-officer", List.of("*"), "pia");
    erin = key(admin, "enroller", List.of("*"), "erin");
    ivan = key(admin, "investigator", List.of("*"), "ivan");
    enrol("anna", Photos.PERSON_A, 1);
    enrol("bea", Photos.PERSON_B, 2);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String key(String admin, String role, List<String> collections, String name) {
    TestServer.Response r = server.postJson("/v1/keys", admin,
        Map.of("role", role, "collections", collections, "name", name));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  static void enrol(String ref, Photos.Face face, int variant) {
    TestServer.Response s = server.postJson("/v1/collections/archive/subjects", erin,
        Map.of("externalRef", ref, "displayName", "Person " + ref, "basis",
            Map.of("kind", "consent", "reference", "form " + ref)));
    assertThat(s.status()).as(s.toString()).isEqualTo(201);
    TestServer.Response p = server.postMultipart("/v1/subjects/" + s.json().get("id").asText()
        + "/photos", erin, Map.of(), List.of(Map.entry("photo", Photos.crop(face, variant))));
    assertThat(p.json().get("faces").asLong()).as(p.toString()).isEqualTo(1);
  }

  static TestServer.Response access(String token, String kind, byte[] selfie) {
    return server.postMultipart("/v1/requests/access", token,
        Map.of("requester", "DSAR-" + kind, "kind", kind), List.of(Map.entry("photo", selfie)));
  }

  static byte[] selfieOfAnna(int variant) {
    return Photos.crop(Photos.PERSON_A, 0.9, true, 0.9, 1.1, variant);
  }

  @Test
  void an_erasure_request_runs_from_selfie_to_receipt_and_leaves_the_person_unfindable()
      throws IOException {
    TestServer.Response received = access(olga, "erasure", selfieOfAnna(31));
    assertThat(received.status()).as(received.toString()).isEqualTo(201);
    JsonNode d = received.json();
    String id = d.get("request").get("id").asText();
    assertThat(d.get("request").get("kind").asText()).isEqualTo("erasure");
    assertThat(d.get("request").get("photoKept").asBoolean()).isTrue();
    assertThat(d.get("matches")).hasSize(1);
    String face = d.get("matches").get(0).get("faceId").asText();
    assertThat(face).as("faces are named by their public ids, never the store's")
        .matches("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");
    assertThat(d.get("matches").get(0).get("state").asText()).isEqualTo("unreviewed");
    assertThat(server.get("/v1/requests/" + id + "/photo", olga).contentType())
        .startsWith("image/jpeg");
    assertThat(server.get("/v1/requests/" + id + "/matches/" + face + "/crop", pia).status())
        .isEqualTo(200);

    TestServer.Response early = server.get("/v1/requests/" + id + "/report", olga);
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json().get("detail").asText())
        .startsWith("the requester's identity is not checked yet");
    review(id, face, olga, "confirmed");
    assertThat(review(id, face, pia, "confirmed").get("state").asText()).isEqualTo("identified");
    assertThat(server.postJson("/v1/requests/" + id + "/identity", pia,
        Map.of("note", "passport seen at the desk")).status()).isEqualTo(200);

    JsonNode report = server.get("/v1/requests/" + id + "/report", olga).json();
    assertThat(report.get("matchesConfirmed").asInt()).isEqualTo(1);
    JsonNode f = report.get("faces").get(0);
    assertThat(f.get("collection").asText()).isEqualTo("archive");
    assertThat(f.get("basisReference").asText()).isEqualTo("form anna");
    assertThat(f.get("subjectRef").asText()).isEqualTo("anna");
    assertThat(f.get("enrolledBy").asText()).startsWith("erin (key ");
    assertThat(Base64.getDecoder().decode(f.get("cropJpegBase64").asText())).startsWith(0xff,
        0xd8);
    TestServer.Response pdf = server.get("/v1/requests/" + id + "/report.pdf", olga);
    assertThat(pdf.status()).isEqualTo(200);
    assertThat(pdf.contentType()).startsWith("application/pdf");
    try (PDDocument doc = Loader.loadPDF(pdf.bytes())) {
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("Access report", "Request " + id, "Collection: archive",
          "Lawful basis: consent, form anna", "Your faces (1)");
      List<PDImageXObject> images = new ArrayList<>();
      for (var name : doc.getPage(0).getResources().getXObjectNames()) {
        if (doc.getPage(0).getResources().getXObject(name) instanceof PDImageXObject image) {
          images.add(image);
        }
      }
      assertThat(images).hasSize(1);
    }

    TestServer.Response storeId = server.postJson("/v1/requests/" + id + "/erasure", olga,
        Map.of("faceIds", List.of("1")));
    assertThat(storeId.status()).as(storeId.toString()).isEqualTo(400);
    assertThat(report.get("faces").get(0).get("faceId").asText()).isEqualTo(face);
    JsonNode erased = server.postJson("/v1/requests/" + id + "/erasure", olga,
        Map.of("faceIds", List.of(face))).json();
    assertThat(erased.get("matches").get(0).get("outcome").asText()).isEqualTo("erased");
    assertThat(erased.get("receipts")).hasSize(1);
    assertThat(erased.get("receipts").get(0).get("what").asText()).startsWith("subject ");
    assertThat(erased.get("receipts").get(0).get("faceIds").get(0).asText()).isEqualTo(face);
    assertThat(access(pia, "access", selfieOfAnna(32)).json().get("matches")).isEmpty();
    TestServer.Response search = server.postMultipart("/v1/search", ivan,
        Map.of("purpose", "missing-person", "case", "MP-9", "collections", "archive"),
        List.of(Map.entry("photo", selfieOfAnna(33))));
    assertThat(search.json().get("candidates").findValuesAsText("displayName"))
        .doesNotContain("Person anna");

    JsonNode answered = server.postJson("/v1/requests/" + id + "/answer", olga,
        Map.of("outcome", "erased, receipt sent")).json();
    assertThat(answered.get("answered").isNull()).isFalse();
    assertThat(answered.get("photoKept").asBoolean()).isFalse();
    assertThat(server.get("/v1/requests/" + id + "/photo", olga).status()).isEqualTo(404);
    assertThat(server.postJson("/v1/requests/" + id + "/answer", olga,
        Map.of("outcome", "again")).status()).isEqualTo(409);
    JsonNode register = server.get("/v1/requests", pia).json();
    assertThat(register.findValuesAsText("id")).contains(id);
    JsonNode rights = server.get("/v1/transparency", ivan).json().get("rights");
    assertThat(rights.get("requestsByKind").get("erasure").asLong()).isEqualTo(1);
    assertThat(rights.get("erasuresOnRequest").asLong()).isEqualTo(1);
  }

  @Test
  void a_stranger_is_found_nowhere_and_other_roles_may_not_ask() {
    TestServer.Response stranger = access(olga, "access", Photos.crop(Photos.PERSON_C, 41));
    assertThat(stranger.status()).isEqualTo(201);
    assertThat(stranger.json().get("matches")).isEmpty();
    TestServer.Response investigator = access(ivan, "access", selfieOfAnna(42));
    assertThat(investigator.status()).isEqualTo(403);
    assertThat(investigator.contentType()).startsWith("application/problem+json");
    TestServer.Response purpose = server.postMultipart("/v1/search", ivan,
        Map.of("purpose", "subject-access-request", "case", "X", "collections", "archive"),
        List.of(Map.entry("photo", selfieOfAnna(43))));
    assertThat(purpose.status()).isEqualTo(400);
    assertThat(server.post("/v1/session", ivan).json().get("purposes").toString())
        .doesNotContain("subject-access-request");
    TestServer.Response badKind = access(olga, "curiosity", selfieOfAnna(44));
    assertThat(badKind.status()).isEqualTo(400);
    assertThat(badKind.json().get("detail").asText()).isEqualTo("unknown request kind"
        + " 'curiosity', expected one of access, erasure, objection, opt-out, opt-out-removal");
    assertThat(server.get("/v1/requests/not-a-uuid", olga).status()).isEqualTo(400);
  }

  @Test
  void a_requests_own_fields_out_of_range_are_400_problems_not_500() {
    TestServer.Response optOutKind = access(olga, "opt-out", selfieOfAnna(45));
    assertThat(optOutKind.status()).as(optOutKind.toString()).isEqualTo(400);
    assertThat(optOutKind.json().get("detail").asText()).contains("got opt-out");
    TestServer.Response looseRate = server.postMultipart("/v1/requests/access", olga,
        Map.of("requester", "REQ-R", "maxFmr", "0.5"), List.of(Map.entry("photo",
            selfieOfAnna(46))));
    assertThat(looseRate.status()).as(looseRate.toString()).isEqualTo(400);
    assertThat(looseRate.contentType()).startsWith("application/problem+json");
    int listed = server.get("/v1/optouts", olga).json().size();
    for (String consent : List.of(" ", "x".repeat(201), "form\t1")) {
      TestServer.Response optOut = server.postMultipart("/v1/optouts", olga,
          Map.of("requester", "OPT-R", "consent", consent),
          List.of(Map.entry("photo", Photos.crop(Photos.PERSON_C, 47))));
      assertThat(optOut.status()).as(optOut.toString()).isEqualTo(400);
      assertThat(optOut.json().get("detail").asText()).contains("consent");
    }
    assertThat(server.get("/v1/optouts", olga).json()).hasSize(listed);
  }

  @Test
  void an_opt_out_keeps_the_persons_next_photo_out_and_audits_the_skip() {
    TestServer.Response added = server.postMultipart("/v1/optouts", olga,
        Map.of("requester", "OPT-1", "consent", "consent form 77"),
        List.of(Map.entry("photo", Photos.crop(Photos.PERSON_B, 51))));
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    String entry = added.json().get("entry").get("id").asText();
    assertThat(server.get("/v1/optouts", pia).json().findValuesAsText("id")).contains(entry);

    TestServer.Response ingest = server.postMultipart("/v1/collections/events/media", erin,
        Map.of(), List.of(Map.entry("photo", Photos.crop(Photos.PERSON_B, 0.8, true, 1.1, 1.0,
            52))));
    assertThat(ingest.json().get("facesOptedOut").asLong()).as(ingest.toString()).isEqualTo(1);
    assertThat(ingest.json().get("faces").asLong()).isZero();
    JsonNode audit = server.get("/v1/audit?limit=1000", server.adminToken()).json()
        .get("entries");
    List<JsonNode> skips = new ArrayList<>();
    audit.forEach(e -> {
      if (e.get("action").asText().equals("optout.skip")) {
        skips.add(e);
      }
    });
    assertThat(skips).singleElement().satisfies(e -> assertThat(e.toString())
        .contains("\"faces_skipped\":1").doesNotContain(entry).doesNotContain("photo0.jpg"));

    TestServer.Response removed = server.postJson("/v1/optouts/" + entry + "/removal", pia,
        Map.of("requester", "OPT-2"));
    assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
    assertThat(removed.json().get("request").get("kind").asText()).isEqualTo("opt-out-removal");
    assertThat(server.postMultipart("/v1/collections/events/media", erin, Map.of(),
        List.of(Map.entry("photo", Photos.crop(Photos.PERSON_B, 0.8, true, 1.1, 1.0, 53))))
        .json().get("faces").asLong()).isEqualTo(1);
  }

  static JsonNode review(String id, String face, String token, String verdict) {
    TestServer.Response r = server.postJson("/v1/requests/" + id + "/matches/" + face
        + "/reviews", token, Map.of("verdict", verdict, "note", "the same face as the selfie"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }
}
