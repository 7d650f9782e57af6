package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.policy.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the whole access matrix on a real server: every endpoint × every role × a granted and an
 * ungranted collection, plus no key and a revoked key, asserting 401, 403 or the endpoint's
 * success status exactly. The expected table is written out here, independently of the core's
 * {@link Role} definitions, so a change of either shows.
 */
class AccessMatrixTest {

  /** Which collections a request targets. */
  enum Target {
    /** Collections the role's key is granted ({@code g}, {@code g2}). */
    GRANTED,
    /** Collections it is not ({@code o}, {@code o2}). */
    UNGRANTED
  }

  /**
   * One endpoint: who may call it, whether it is scoped to collections, its success status, and
   * how to call it with a token on a target.
   */
  record Endpoint(String name, Set<Role> allowed, boolean scoped, int success, Call call) {}

  @FunctionalInterface
  interface Call {
    TestServer.Response run(String token, Target target);
  }

  @TempDir static Path dir;
  static TestServer server;
  static final Map<Role, String> tokens = new EnumMap<>(Role.class);
  static String revokedToken;
  static String setupEnroller;
  static String setupInvestigator;
  static String victimKey;
  static final Map<Target, String> subject = new EnumMap<>(Target.class);
  static final Map<Target, String> searchId = new EnumMap<>(Target.class);
  static final Map<Target, String> face = new EnumMap<>(Target.class);
  static final AtomicInteger counter = new AtomicInteger(1000);

  static final Set<Role> ALL = EnumSet.allOf(Role.class);
  static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
  static final Set<Role> ENROLLER = EnumSet.of(Role.ENROLLER);
  static final Set<Role> READERS = EnumSet.of(Role.ENROLLER, Role.INVESTIGATOR, Role.SUPERVISOR);
  static final Set<Role> SEARCHERS = EnumSet.of(Role.INVESTIGATOR, Role.SUPERVISOR);
  static final Set<Role> ERASERS = EnumSet.of(Role.ADMIN, Role.ENROLLER);
  static final Set<Role> AUDIT = EnumSet.of(Role.ADMIN, Role.SUPERVISOR, Role.AUDITOR);
  static final Set<Role> REVIEW_READERS =
      EnumSet.of(Role.INVESTIGATOR, Role.SUPERVISOR, Role.AUDITOR);
  static final Set<Role> PRIVACY = EnumSet.of(Role.PRIVACY_OFFICER);

  /**
   * Endpoints that name one object (a collection, subject, photo, face or search): in a
   * collection the key is not granted, the object answers exactly as an unknown one (404), so
   * ids cannot be probed for which collection they belong to. A search names the collections it
   * covers and an approval the collections it approves, so those are refused (403).
   */
  static final Set<String> HIDDEN = Set.of("GET /v1/collections/{c}",
      "POST /v1/collections/{c}/subjects", "GET /v1/collections/{c}/subjects",
      "GET /v1/subjects/{id}", "POST /v1/subjects/{id}/photos", "DELETE /v1/subjects/{id}",
      "POST /v1/collections/{c}/media", "DELETE /v1/collections/{c}/media/{sha256}",
      "GET /v1/faces/{id}/crop", "GET /v1/searches/{id}/reviews",
      "GET /v1/searches/{id}/probe", "POST /v1/searches/{id}/candidates/{face}/reviews",
      "GET /v1/cases/{case}", "GET /v1/cases/{case}/report.pdf");

  static String c(Target t) {
    return t == Target.GRANTED ? "g" : "o";
  }

  static String c2(Target t) {
    return t == Target.GRANTED ? "g2" : "o2";
  }

  static List<Map.Entry<String, byte[]>> photo(String field, byte[] bytes) {
    return List.of(Map.entry(field, bytes));
  }

  static String createSubject(String collection) {
    TestServer.Response r = server.postJson("/v1/collections/" + collection + "/subjects",
        setupEnroller, Map.of("externalRef", "ref-" + counter.incrementAndGet(),
            "displayName", "Person", "basis", Map.of("kind", "consent", "reference", "form 1")));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    String admin = server.adminToken();
    for (String name : List.of("g", "g2", "o", "o2")) {
      TestServer.Response r = server.postJson("/v1/collections", admin, Map.of("name", name,
          "purpose", "test " + name, "defaultBasis",
          Map.of("kind", "authority", "reference", "Act 1"), "retention", "P5Y"));
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
    for (Role role : Role.values()) {
      tokens.put(role, key(admin, role.label(), List.of("g", "g2"), role.label() + "-user"));
    }
    revokedToken = key(admin, "investigator", List.of("g", "g2"), "gone");
    String revokedId = revokedToken.split("_")[1];
    assertThat(server.delete("/v1/keys/" + revokedId, admin).status()).isEqualTo(200);
    victimKey = key(admin, "auditor", List.of("*"), "victim").split("_")[1];
    setupEnroller = key(admin, "enroller", List.of("*"), "setup-enroller");
    setupInvestigator = key(admin, "investigator", List.of("*"), "setup-investigator");
    for (Target t : Target.values()) {
      subject.put(t, createSubject(c(t)));
      TestServer.Response enrol = server.postMultipart("/v1/subjects/" + subject.get(t)
          + "/photos", setupEnroller, Map.of(), photo("photo", Photos.crop(Photos.PERSON_A, 1)));
      assertThat(enrol.status()).as(enrol.toString()).isEqualTo(200);
      assertThat(enrol.json().get("faces").asLong()).isEqualTo(1);
      TestServer.Response search = server.postMultipart("/v1/search", setupInvestigator,
          Map.of("purpose", "missing-person", "case", "SETUP", "collections", c(t)),
          photo("photo", Photos.crop(Photos.PERSON_A, 0.8, true, 1.0, 1.0, 2)));
      assertThat(search.status()).as(search.toString()).isEqualTo(200);
      searchId.put(t, search.json().get("searchId").asText());
      // A case of this target's collection alone, for the case file and its report.
      assertThat(server.postMultipart("/v1/search", setupInvestigator,
          Map.of("purpose", "missing-person", "case", "CASE-" + c(t), "collections", c(t)),
          photo("photo", Photos.crop(Photos.PERSON_A, 0.8, true, 1.0, 1.0, 4))).status())
          .isEqualTo(200);
      face.put(t, search.json().get("candidates").get(0).get("faceId").asText());
    }
  }

  static String key(String admin, String role, List<String> collections, String name) {
    TestServer.Response r = server.postJson("/v1/keys", admin,
        Map.of("role", role, "collections", collections, "name", name));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static List<Endpoint> endpoints() {
    List<Endpoint> e = new ArrayList<>();
    e.add(new Endpoint("GET /v1/keys", ADMIN, false, 200,
        (tok, t) -> server.get("/v1/keys", tok)));
    e.add(new Endpoint("POST /v1/keys", ADMIN, false, 201,
        (tok, t) -> server.postJson("/v1/keys", tok,
            Map.of("role", "auditor", "collections", List.of("g")))));
    e.add(new Endpoint("DELETE /v1/keys/{id}", ADMIN, false, 200,
        (tok, t) -> server.delete("/v1/keys/" + victimKey, tok)));
    e.add(new Endpoint("POST /v1/session", ALL, false, 200,
        (tok, t) -> server.post("/v1/session", tok)));
    e.add(new Endpoint("GET /v1/collections", ALL, false, 200,
        (tok, t) -> server.get("/v1/collections", tok)));
    e.add(new Endpoint("POST /v1/collections", ADMIN, false, 201,
        (tok, t) -> server.postJson("/v1/collections", tok, Map.of("name",
            "m-" + counter.incrementAndGet(), "purpose", "p", "defaultBasis",
            Map.of("kind", "consent", "reference", "r")))));
    e.add(new Endpoint("GET /v1/collections/{c}", ALL, true, 200,
        (tok, t) -> server.get("/v1/collections/" + c(t), tok)));
    e.add(new Endpoint("POST /v1/collections/{c}/subjects", ENROLLER, true, 201,
        (tok, t) -> server.postJson("/v1/collections/" + c(t) + "/subjects", tok,
            Map.of("externalRef", "m-" + counter.incrementAndGet(), "displayName", "X",
                "basis", Map.of("kind", "consent", "reference", "form 2")))));
    e.add(new Endpoint("GET /v1/collections/{c}/subjects", READERS, true, 200,
        (tok, t) -> server.get("/v1/collections/" + c(t) + "/subjects", tok)));
    e.add(new Endpoint("GET /v1/subjects/{id}", READERS, true, 200,
        (tok, t) -> server.get("/v1/subjects/" + subject.get(t), tok)));
    e.add(new Endpoint("POST /v1/subjects/{id}/photos", ENROLLER, true, 200,
        (tok, t) -> server.postMultipart("/v1/subjects/" + subject.get(t) + "/photos", tok,
            Map.of(), photo("photo", Photos.crop(Photos.PERSON_A, 0.7, false, 0.9, 1.1,
                counter.incrementAndGet())))));
    e.add(new Endpoint("DELETE /v1/subjects/{id}", ERASERS, true, 200,
        (tok, t) -> server.delete("/v1/subjects/" + createSubject(c(t)), tok)));
    e.add(new Endpoint("POST /v1/collections/{c}/media", ENROLLER, true, 200,
        (tok, t) -> server.postMultipart("/v1/collections/" + c(t) + "/media", tok, Map.of(),
            photo("photo", Photos.crop(Photos.PERSON_C, counter.incrementAndGet())))));
    e.add(new Endpoint("DELETE /v1/collections/{c}/media/{sha256}", ERASERS, true, 200,
        (tok, t) -> {
          byte[] bytes = Photos.crop(Photos.PERSON_B, counter.incrementAndGet());
          TestServer.Response ingest = server.postMultipart("/v1/collections/" + c(t)
              + "/media", setupEnroller, Map.of(), photo("photo", bytes));
          assertThat(ingest.status()).as(ingest.toString()).isEqualTo(200);
          return server.delete("/v1/collections/" + c(t) + "/media/" + sha256(bytes), tok);
        }));
    e.add(new Endpoint("GET /v1/faces/{id}/crop", READERS, true, 200,
        (tok, t) -> server.get("/v1/faces/" + face.get(t) + "/crop", tok)));
    e.add(new Endpoint("POST /v1/detect", READERS, false, 200,
        (tok, t) -> server.postMultipart("/v1/detect", tok, Map.of(),
            photo("photo", Photos.crop(Photos.PERSON_C, 1)))));
    e.add(new Endpoint("POST /v1/compare", SEARCHERS, false, 200,
        (tok, t) -> server.postMultipart("/v1/compare", tok, Map.of(), List.of(
            Map.entry("a", Photos.crop(Photos.PERSON_A, 1)),
            Map.entry("b", Photos.crop(Photos.PERSON_B, 1))))));
    e.add(new Endpoint("POST /v1/search", SEARCHERS, true, 200,
        (tok, t) -> server.postMultipart("/v1/search", tok,
            Map.of("purpose", "missing-person", "case", "M-1", "collections", c(t)),
            photo("photo", Photos.crop(Photos.PERSON_A, 3)))));
    e.add(new Endpoint("POST /v1/approvals", EnumSet.of(Role.SUPERVISOR), true, 201,
        (tok, t) -> server.postJson("/v1/approvals", tok, Map.of("caseRef", "M-2",
            "purpose", "missing-person", "collections", List.of(c(t), c2(t)),
            "note", "two collections needed"))));
    e.add(new Endpoint("GET /v1/approvals", SEARCHERS, false, 200,
        (tok, t) -> server.get("/v1/approvals", tok)));
    e.add(new Endpoint("GET /v1/searches/{id}/reviews", REVIEW_READERS, true, 200,
        (tok, t) -> server.get("/v1/searches/" + searchId.get(t) + "/reviews", tok)));
    // Before the reviews below: two confirmations settle the search's only candidate, which
    // deletes the probe.
    e.add(new Endpoint("GET /v1/searches/{id}/probe", REVIEW_READERS, true, 200,
        (tok, t) -> server.get("/v1/searches/" + searchId.get(t) + "/probe", tok)));
    e.add(new Endpoint("GET /v1/reviews/queue", SEARCHERS, false, 200,
        (tok, t) -> server.get("/v1/reviews/queue", tok)));
    e.add(new Endpoint("POST /v1/searches/{id}/candidates/{face}/reviews", SEARCHERS, true, 201,
        (tok, t) -> server.postJson("/v1/searches/" + searchId.get(t) + "/candidates/"
            + face.get(t) + "/reviews", tok, Map.of("verdict", "confirmed", "note", "same"))));
    e.add(new Endpoint("GET /v1/cases/{case}", REVIEW_READERS, true, 200,
        (tok, t) -> server.get("/v1/cases/CASE-" + c(t), tok)));
    e.add(new Endpoint("GET /v1/cases/{case}/report.pdf", REVIEW_READERS, true, 200,
        (tok, t) -> server.get("/v1/cases/CASE-" + c(t) + "/report.pdf", tok)));
    e.add(new Endpoint("GET /v1/requests", PRIVACY, false, 200,
        (tok, t) -> server.get("/v1/requests", tok)));
    e.add(new Endpoint("GET /v1/optouts", PRIVACY, false, 200,
        (tok, t) -> server.get("/v1/optouts", tok)));
    // An access request searches every collection: the privacy officer's key here is granted
    // g and g2 only, so it is refused like every other role (RequestsHttpTest runs one).
    e.add(new Endpoint("POST /v1/requests/access", EnumSet.noneOf(Role.class), false, 201,
        (tok, t) -> server.postMultipart("/v1/requests/access", tok,
            Map.of("requester", "R-1"), photo("photo", Photos.crop(Photos.PERSON_A, 4)))));
    e.add(new Endpoint("GET /v1/audit", AUDIT, false, 200,
        (tok, t) -> server.get("/v1/audit?limit=5", tok)));
    e.add(new Endpoint("GET /v1/audit/export", AUDIT, false, 200,
        (tok, t) -> server.get("/v1/audit/export?format=json&action=search.run", tok)));
    e.add(new Endpoint("GET /v1/audit/verify", AUDIT, false, 200,
        (tok, t) -> server.get("/v1/audit/verify", tok)));
    // This server has no signing key: authorised callers learn that (404 none yet, 409 cannot
    // sign); everyone else is refused first.
    e.add(new Endpoint("GET /v1/audit/checkpoint", AUDIT, false, 404,
        (tok, t) -> server.get("/v1/audit/checkpoint", tok)));
    e.add(new Endpoint("POST /v1/audit/checkpoint", EnumSet.of(Role.ADMIN, Role.AUDITOR), false,
        409, (tok, t) -> server.post("/v1/audit/checkpoint", tok)));
    e.add(new Endpoint("GET /v1/retention-schedule", ALL, false, 200,
        (tok, t) -> server.get("/v1/retention-schedule", tok)));
    e.add(new Endpoint("POST /v1/retention/run", ADMIN, false, 200,
        (tok, t) -> server.post("/v1/retention/run", tok)));
    e.add(new Endpoint("GET /v1/transparency", ALL, false, 200,
        (tok, t) -> server.get("/v1/transparency", tok)));
    e.add(new Endpoint("GET /metrics", ALL, false, 200,
        (tok, t) -> server.get("/metrics", tok)));
    return e;
  }

  @TestFactory
  Stream<DynamicTest> every_endpoint_every_role_every_grant() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Endpoint endpoint : endpoints()) {
      for (Role role : Role.values()) {
        for (Target target : endpoint.scoped() ? Target.values() : new Target[] {Target.GRANTED}) {
          int expected = endpoint.allowed().contains(role) == false ? 403
              : target == Target.UNGRANTED ? (HIDDEN.contains(endpoint.name()) ? 404 : 403)
              : endpoint.success();
          String name = endpoint.name() + " as " + role.label()
              + (endpoint.scoped() ? " on " + target.name().toLowerCase() + " collection" : "")
              + " -> " + expected;
          tests.add(DynamicTest.dynamicTest(name, () ->
              check(endpoint.call().run(tokens.get(role), target), expected)));
        }
      }
      tests.add(DynamicTest.dynamicTest(endpoint.name() + " without a key -> 401", () ->
          check(endpoint.call().run(null, Target.GRANTED), 401)));
      tests.add(DynamicTest.dynamicTest(endpoint.name() + " with a revoked key -> 401", () ->
          check(endpoint.call().run(revokedToken, Target.GRANTED), 401)));
      tests.add(DynamicTest.dynamicTest(endpoint.name() + " with a malformed key -> 401", () ->
          check(endpoint.call().run("candor_not-a-key", Target.GRANTED), 401)));
    }
    tests.add(DynamicTest.dynamicTest("GET /healthz without a key -> 200", () ->
        check(server.get("/healthz", null), 200)));
    // The API's description is public (it holds no data), with or without a key of any kind.
    for (String token : new String[] {null, revokedToken, "candor_not-a-key",
        tokens.get(Role.AUDITOR)}) {
      tests.add(DynamicTest.dynamicTest("GET /openapi.json with " + (token == null ? "no key"
          : "key " + token.substring(0, 10) + "...") + " -> 200", () ->
          check(server.get("/openapi.json", token), 200)));
    }
    tests.add(DynamicTest.dynamicTest("GET /v1/unknown without a key -> 401, not 404", () ->
        check(server.get("/v1/unknown", null), 401)));
    tests.add(DynamicTest.dynamicTest("GET /v1/unknown with a key -> 404", () ->
        check(server.get("/v1/unknown", tokens.get(Role.ADMIN)), 404)));
    tests.add(DynamicTest.dynamicTest("an auditor reads only the audit of the collections"
        + " granted to them", () -> {
      JsonNode scoped = server.get("/v1/audit?limit=1000", tokens.get(Role.AUDITOR)).json()
          .get("entries");
      JsonNode global = server.get("/v1/audit?limit=1000", server.adminToken()).json()
          .get("entries");
      assertThat(scoped.size()).isPositive().isLessThan(global.size());
      for (JsonNode entry : scoped) {
        String text = entry.toString();
        assertThat(text).as(text).doesNotContain("\"o\"").doesNotContain("\"o2\"")
            .doesNotContain("collection:o");
        assertThat(entry.get("action").asText()).as("deployment-wide").isNotIn("key.login",
            "retention.run", "auth.failed");
      }
      assertThat(global.toString()).contains("collection:o").contains("key.create");
    }));
    tests.add(DynamicTest.dynamicTest("denials are audited and the chain stays intact", () -> {
      TestServer.Response verify = server.get("/v1/audit/verify", tokens.get(Role.AUDITOR));
      assertThat(verify.json().get("intact").asBoolean()).as(verify.toString()).isTrue();
      assertThat(server.get("/v1/transparency", tokens.get(Role.AUDITOR)).json().get("months")
          .get(0).get("requestsDenied").asLong()).isGreaterThan(20);
    }));
    return tests.stream();
  }

  static void check(TestServer.Response r, int expected) {
    assertThat(r.status()).as(r.toString()).isEqualTo(expected);
    if (expected >= 400) {
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("status").asInt()).isEqualTo(expected);
      assertThat(r.json().get("detail").asText()).isNotBlank();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
