package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP edge on a real server: bad input of every kind is refused cheaply with the right 4xx
 * and a problem+json body, before the body is buffered; API responses are never cached or
 * sniffed; the OpenAPI document is public and describes what the server answers.
 */
class EdgeTest {

  private static final int MIB = 1024 * 1024;

  @TempDir static Path dir;
  static TestServer server;
  static String admin;
  static String enroller;
  static String investigator;
  static String subject;

  /** Every route that takes a multipart upload, with a path that exists. */
  static List<String> uploadPaths;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    admin = server.adminToken();
    assertThat(server.postJson("/v1/collections", admin, Map.of("name", "archive", "purpose",
        "missing persons", "defaultBasis", Map.of("kind", "authority", "reference", "Act 4")))
        .status()).isEqualTo(201);
    enroller = key("enroller");
    investigator = key("investigator");
    TestServer.Response s = server.postJson("/v1/collections/archive/subjects", enroller,
        Map.of("externalRef", "anna", "displayName", "Anna", "basis",
            Map.of("kind", "consent", "reference", "form 1")));
    assertThat(s.status()).as(s.toString()).isEqualTo(201);
    subject = s.json().get("id").asText();
    uploadPaths = List.of("/v1/search", "/v1/collections/archive/media", "/v1/detect",
        "/v1/compare", "/v1/subjects/" + subject + "/photos");
  }

  static String key(String role) {
    return server.postJson("/v1/keys", admin, Map.of("role", role, "collections", List.of("*")))
        .json().get("token").asText();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The token allowed to call an upload route. */
  static String tokenFor(String path) {
    return path.equals("/v1/search") || path.equals("/v1/compare") ? investigator : enroller;
  }

  static void assertProblem(TestServer.Response r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).as(r.toString()).startsWith(Problems.CONTENT_TYPE);
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
  }

  static void assertProblem(RawHttp.Reply r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).as(r.toString()).startsWith(Problems.CONTENT_TYPE);
  }

  @Test
  void a_thirty_megabyte_file_is_a_413_on_every_upload_route() {
    byte[] big = new byte[30 * MIB];
    for (String path : uploadPaths) {
      TestServer.Response r = server.postMultipart(path, tokenFor(path), Map.of("purpose",
          "missing-person", "case", "C-1", "collections", "archive"), List.of(Map.entry(
              path.equals("/v1/compare") ? "a" : "photo", big)));
      assertProblem(r, 413);
      assertThat(r.json().get("detail").asText()).as(path)
          .isEqualTo("an uploaded file exceeds the limit of 26214400 bytes");
    }
  }

  @Test
  void a_malformed_multipart_body_is_a_400_on_every_upload_route() {
    for (String path : uploadPaths) {
      TestServer.Response r = server.send(path, tokenFor(path),
          "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data;"
              + " name=\"photo\"; filename=\"a.jpg\"\r\n\r\nhalf a part and no end");
      assertProblem(r, 400);
      assertThat(r.json().get("detail").asText()).as(path)
          .startsWith("the multipart body is malformed: ");
      r = server.send(path, tokenFor(path), "multipart/form-data", "--x--");
      assertProblem(r, 400);
      assertThat(r.json().get("detail").asText())
          .isEqualTo("multipart/form-data needs its boundary parameter");
    }
  }

  @Test
  void a_megabyte_text_field_is_a_413_on_every_upload_route() {
    for (String path : uploadPaths) {
      TestServer.Response r = server.postMultipart(path, tokenFor(path),
          Map.of("case", "x".repeat(MIB)), List.of(Map.entry("photo", new byte[] {1, 2, 3})));
      assertProblem(r, 413);
      assertThat(r.json().get("detail").asText()).as(path)
          .isEqualTo("the form's text fields exceed the limit of 65536 bytes in all");
    }
  }

  @Test
  void an_upload_route_refuses_another_content_type_before_reading_the_body() {
    for (String path : uploadPaths) {
      TestServer.Response r = server.send(path, tokenFor(path), "application/json", "{}");
      assertProblem(r, 415);
      assertThat(r.json().get("detail").asText()).startsWith("send multipart/form-data with ");
    }
    assertThat(server.send("/v1/compare", investigator, "text/plain", "x").json().get("detail")
        .asText()).isEqualTo("send multipart/form-data with the images in fields 'a' and 'b'");
  }

  @Test
  void a_json_route_refuses_another_content_type_and_a_body_over_its_limit() {
    TestServer.Response r = server.send("/v1/keys", admin, "text/plain",
        "{\"role\":\"admin\",\"collections\":[\"*\"]}");
    assertProblem(r, 415);
    assertThat(r.json().get("detail").asText())
        .isEqualTo("send the body as application/json, got 'text/plain'");
    String big = "{\"role\":\"admin\",\"collections\":[\"*\"],\"name\":\"" + "x".repeat(70_000)
        + "\"}";
    r = server.send("/v1/keys", admin, "application/json", big);
    assertProblem(r, 413);
    assertThat(r.json().get("detail").asText())
        .isEqualTo("the JSON body is " + big.length() + " bytes, the limit is 65536");
    // Without a declared length (chunked), the body is read through the cap and stops there.
    RawHttp.Reply chunked = RawHttp.send(server.server().port(), "POST /v1/keys HTTP/1.1\r\n"
        + "Host: x\r\nAuthorization: Bearer " + admin + "\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n",
        RawHttp.endless(10L * MIB, (byte) ' '), true);
    assertProblem(chunked, 413);
    assertThat(chunked.body()).contains("the JSON body is over 65536 bytes, the limit is 65536");
  }

  @Test
  void bad_json_is_a_400_that_says_what_is_wrong() {
    Map<String, String> cases = Map.of(
        "{\"role\":", "the body is not valid JSON: ",
        "[]", "the body must be a JSON object with role, collections, name (optional), got an"
            + " array",
        "", "the body is empty: send a JSON object with role, collections, name (optional)",
        "{\"role\":\"admin\",\"collections\":[\"*\"],\"admin\":true}",
        "unknown field 'admin': the body takes role, collections, name (optional)",
        "{\"role\":\"admin\",\"collections\":\"*\"}",
        "'collections' must be an array of strings, got a string",
        "{\"role\":\"admin\",\"collections\":[\"*\", null]}",
        "'collections' must be an array of strings, got an array",
        "{\"collections\":[\"*\"]}",
        "'role' is required: admin, enroller, investigator, supervisor or auditor",
        "{\"role\":\"admin\",\"collections\":[\"*\"]} {}", "the body is not valid JSON: ",
        "{\"role\":\"admin\",\"role\":\"auditor\",\"collections\":[\"*\"]}",
        "the body is not valid JSON: Duplicate field 'role'");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      TestServer.Response r = server.send("/v1/keys", admin, "application/json", c.getKey());
      assertProblem(r, 400);
      assertThat(r.json().get("detail").asText()).as(c.getKey()).startsWith(c.getValue());
    }
    TestServer.Response r = server.postJson("/v1/approvals", key("supervisor"), Map.of(
        "caseRef", "C", "purpose", "missing-person", "collections", List.of("*"), "note", "n",
        "validDays", 1L << 40));
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).startsWith("'validDays' does not fit: ");
    r = server.postJson("/v1/collections", admin, Map.of("name", "x", "purpose", "p",
        "defaultBasis", Map.of("kind", List.of(), "reference", "r")));
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).startsWith("'defaultBasis.kind' does not fit: ");
  }

  @Test
  void bad_path_and_query_parameters_are_400s_that_name_them() {
    TestServer.Response r = server.get("/v1/subjects/not-a-uuid", enroller);
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).isEqualTo(
        "path parameter 'id' must be a UUID (8-4-4-4-12 hex digits), got 'not-a-uuid'");
    r = server.get("/v1/audit?limit=ten", admin);
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText())
        .isEqualTo("query parameter 'limit' must be a whole number, got 'ten'");
    r = server.get("/v1/audit?after=99999999999999999999", admin);
    assertProblem(r, 400);
    // What Jetty refuses before any handler runs is problem+json too.
    for (String line : List.of("GET /v1/subjects/%zz HTTP/1.1", "GET /v1/%00 HTTP/1.1",
        "GET /v1/audit HTTP/1.1\r\nX-Broken header")) {
      RawHttp.Reply raw = RawHttp.send(server.server().port(), line + "\r\nHost: x\r\n"
          + "Authorization: Bearer " + admin + "\r\nConnection: close\r\n", null, false);
      assertProblem(raw, 400);
    }
  }

  @Test
  void domain_rules_on_what_a_client_asked_stay_400s() {
    TestServer.Response r = server.postJson("/v1/collections/archive/subjects", enroller,
        Map.of("externalRef", "bea", "displayName", "Bea", "basis",
            Map.of("kind", "consent", "reference", "f"), "retainUntil", "2001-01-01"));
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).isEqualTo("retainUntil 2001-01-01 is in the past");
    r = server.postJson("/v1/collections", admin, Map.of("name", "Bad Name", "purpose", "p",
        "defaultBasis", Map.of("kind", "consent", "reference", "r")));
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText())
        .isEqualTo("collection name must match [a-z0-9][a-z0-9-]{0,63}, got 'Bad Name'");
    r = server.postJson("/v1/collections", admin, Map.of("name", "neg", "purpose", "p",
        "defaultBasis", Map.of("kind", "consent", "reference", "r"), "retention", "-P1Y"));
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).isEqualTo("retention must be positive, got P-1Y");
    r = server.postJson("/v1/keys", admin, Map.of("role", "root", "collections", List.of("*")));
    assertProblem(r, 400);
    r = server.get("/v1/audit?limit=5000", admin);
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asText()).isEqualTo("limit must be 1 to 1000, got 5000");
  }

  @Test
  void a_missing_subject_media_or_search_is_a_404_that_names_it() {
    UUID nobody = UUID.randomUUID();
    TestServer.Response r = server.get("/v1/subjects/" + nobody, enroller);
    assertProblem(r, 404);
    assertThat(r.json().get("detail").asText()).isEqualTo("subject " + nobody + " does not exist");
    r = server.delete("/v1/collections/archive/media/" + "ab".repeat(32), enroller);
    assertProblem(r, 404);
    assertThat(r.json().get("detail").asText()).contains("ab".repeat(32))
        .doesNotStartWith("no such endpoint");
    r = server.get("/v1/searches/no-such-search/reviews", investigator);
    assertProblem(r, 404);
    assertThat(r.json().get("detail").asText()).isEqualTo("search no-such-search does not exist");
    r = server.get("/v1/faces/424242/crop", investigator);
    assertProblem(r, 404);
    assertThat(r.json().get("detail").asText()).isEqualTo("face 424242 does not exist");
    // face ids are opaque public ids: a malformed one is as unknown as a forged one
    r = server.get("/v1/faces/12x/crop", investigator);
    assertProblem(r, 404);
    assertThat(r.json().get("detail").asText()).isEqualTo("face 12x does not exist");
    r = server.get("/v1/no-such-thing", investigator);
    assertProblem(r, 404);
    assertThat(r.json().get("detail").asText())
        .isEqualTo("no such endpoint: GET /v1/no-such-thing");
  }

  @Test
  void api_responses_are_neither_cached_nor_sniffed_and_static_files_name_their_charset()
      throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (String path : List.of("/healthz", "/v1/collections", "/v1/no-such-thing",
        "/openapi.json")) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.base() + path))
          .header("Authorization", "Bearer " + admin).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
    }
    HttpResponse<String> unauthorized = client.send(HttpRequest.newBuilder(
        URI.create(server.base() + "/v1/keys")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unauthorized.statusCode()).isEqualTo(401);
    assertThat(unauthorized.headers().firstValue("Cache-Control")).hasValue("no-store");
    for (String path : List.of("/", "/docs.html", "/app.js", "/style.css")) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.base() + path))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).as(path)
          .hasValueSatisfying(t -> assertThat(t.replace(" ", "")).endsWith(";charset=utf-8"));
    }
  }

  @Test
  void the_openapi_document_and_the_docs_page_need_no_key() {
    TestServer.Response doc = server.get("/openapi.json", null);
    assertThat(doc.status()).isEqualTo(200);
    JsonNode paths = doc.json().get("paths");
    assertThat(paths.get("/openapi.json").get("get").get("security")).isEmpty();
    assertThat(paths.get("/v1/search").get("post").has("security")).isFalse();
    assertThat(doc.json().get("components").get("securitySchemes").get("bearer").get("scheme")
        .asText()).isEqualTo("bearer");
    TestServer.Response page = server.get("/docs.html", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("/openapi.json").doesNotContain("sign in");
  }

  @Test
  void every_json_answer_fits_the_schema_the_openapi_document_gives_it() {
    JsonNode doc = server.get("/openapi.json", null).json();
    for (ApiRoute route : server.server().routes()) {
      if (route.produces().equals("application/json")) {
        JsonNode schema = doc.get("paths").get(route.path())
            .get(route.method().name().toLowerCase()).get("responses")
            .get(Integer.toString(route.status())).get("content").get("application/json")
            .get("schema");
        assertThat(schema.isEmpty()).as(route.method() + " " + route.path()).isFalse();
      }
    }
    List<String> problems = new ArrayList<>();
    TestServer.Response search = server.postMultipart("/v1/search", investigator, Map.of(
        "purpose", "missing-person", "case", "C-9", "collections", "archive"),
        List.of(Map.entry("photo", Photos.crop(Photos.PERSON_A, 3))));
    Map<String, TestServer.Response> answers = new java.util.LinkedHashMap<>(Map.of(
        "GET /v1/collections", server.get("/v1/collections", admin),
        "GET /v1/collections/{collection}/subjects",
        server.get("/v1/collections/archive/subjects", enroller),
        "GET /v1/subjects/{id}", server.get("/v1/subjects/" + subject, enroller),
        "GET /v1/keys", server.get("/v1/keys", admin),
        "GET /v1/audit", server.get("/v1/audit", admin),
        "GET /v1/audit/verify", server.get("/v1/audit/verify", admin),
        "GET /v1/retention-schedule", server.get("/v1/retention-schedule", admin),
        "GET /v1/transparency", server.get("/v1/transparency", admin),
        "POST /v1/session", server.post("/v1/session", investigator),
        "POST /v1/detect", server.postMultipart("/v1/detect", enroller, Map.of(),
            List.of(Map.entry("photo", Photos.crop(Photos.PERSON_A, 1))))));
    answers.put("POST /v1/search", search);
    answers.put("GET /v1/searches/{searchId}/reviews", server.get("/v1/searches/"
        + search.json().get("searchId").asText() + "/reviews", investigator));
    assertThat(answers.get("GET /v1/transparency").json().get("months")).isNotEmpty();
    for (Map.Entry<String, TestServer.Response> a : answers.entrySet()) {
      String[] route = a.getKey().split(" ");
      assertThat(a.getValue().status()).as(a.getKey() + ": " + a.getValue()).isLessThan(300);
      JsonNode schema = doc.get("paths").get(route[1]).get(route[0].toLowerCase())
          .get("responses").elements().next().get("content").get("application/json")
          .get("schema");
      conform(doc, schema, a.getValue().json(), a.getKey(), problems);
    }
    TestServer.Response bad = server.get("/v1/audit?limit=0", admin);
    conform(doc, doc.get("components").get("schemas").get("Problem"), bad.json(), "problem",
        problems);
    assertThat(problems).isEmpty();
  }

  /** Checks a JSON value against an OpenAPI schema: types, declared properties, references. */
  static void conform(JsonNode doc, JsonNode schema, JsonNode value, String at,
      List<String> problems) {
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
      JsonNode target = doc.get("components").get("schemas").get(name);
      if (target == null) {
        problems.add(at + ": unresolved " + schema.get("$ref").asText());
        return;
      }
      conform(doc, target, value, at, problems);
      return;
    }
    if (value.isNull()) {
      return; // the mapper writes null for an absent reference-typed field
    }
    String type = schema.path("type").asText("");
    boolean ok = switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
    if (ok == false) {
      problems.add(at + ": expected " + type + ", got " + value.getNodeType());
      return;
    }
    if (type.equals("object") && schema.has("properties")) {
      for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        JsonNode property = schema.get("properties").get(name);
        if (property == null) {
          problems.add(at + "." + name + ": not in the schema");
        } else {
          conform(doc, property, value.get(name), at + "." + name, problems);
        }
      }
      for (JsonNode required : schema.path("required")) {
        if (value.has(required.asText()) == false) {
          problems.add(at + ": required " + required.asText() + " missing");
        }
      }
    } else if (type.equals("object") && schema.has("additionalProperties")) {
      value.fields().forEachRemaining(e -> conform(doc, schema.get("additionalProperties"),
          e.getValue(), at + "." + e.getKey(), problems));
    } else if (type.equals("array")) {
      int i = 0;
      for (JsonNode item : value) {
        conform(doc, schema.get("items"), item, at + "[" + i++ + "]", problems);
      }
    }
  }

  @Test
  void a_200_megabyte_body_is_refused_without_being_buffered() {
    long size = 200L * MIB;
    int port = server.server().port();
    String auth = "Authorization: Bearer " + enroller + "\r\nHost: x\r\nConnection: close\r\n";
    List<String> heads = List.of(
        // A declared length under the upload limit, of a type the route does not take: 415.
        "POST /v1/detect HTTP/1.1\r\n" + auth + "Content-Type: application/octet-stream\r\n"
            + "Content-Length: " + size + "\r\n",
        // The same without a declared length.
        "POST /v1/collections/archive/media HTTP/1.1\r\n" + auth
            + "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n",
        // A JSON route: over its limit by the declared length, or while it streams.
        "POST /v1/collections/archive/subjects HTTP/1.1\r\n" + auth
            + "Content-Type: application/json\r\nContent-Length: " + size + "\r\n",
        "POST /v1/collections/archive/subjects HTTP/1.1\r\n" + auth
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n",
        // A multipart body of one endless part: Jetty's parser stops at the file limit.
        "POST /v1/detect HTTP/1.1\r\n" + auth
            + "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n");
    List<Integer> expected = List.of(415, 415, 413, 413, 413);
    long before = Heap.usedAfterGc();
    for (int i = 0; i < heads.size(); i++) {
      boolean chunked = heads.get(i).contains("chunked");
      java.io.InputStream body = RawHttp.endless(size, (byte) 'x');
      if (heads.get(i).contains("multipart")) {
        body = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(
            ("--b\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII)), body);
      }
      long allocatedBefore = Heap.allocated();
      long start = System.nanoTime();
      RawHttp.Reply r = RawHttp.send(port, heads.get(i), body, chunked);
      long millis = (System.nanoTime() - start) / 1_000_000;
      long allocated = Heap.allocated() - allocatedBefore;
      assertProblem(r, expected.get(i));
      System.out.printf("200 MiB body %d: %d after %d ms, %s sent, %s allocated in the JVM%n",
          i, r.status(), millis, Heap.mib(r.bytesSent()), Heap.mib(allocated));
      // Buffering the body would allocate at least its 200 MiB. A multipart part is read up
      // to the 25 MiB file limit, in memory by design (no temporary files of face photos), in a
      // buffer that doubles as it grows: under three times the limit.
      long bound = heads.get(i).contains("multipart") ? 75L * MIB : 16L * MIB;
      assertThat(allocated).as("bytes allocated while refusing body %d", i).isLessThan(bound);
    }
    long after = Heap.usedAfterGc();
    System.out.printf("heap in use after GC: %s before, %s after%n", Heap.mib(before),
        Heap.mib(after));
    assertThat(after - before).isLessThan(32L * MIB);
  }
}
