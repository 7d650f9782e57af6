package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends random and mutated requests to every route of the route table, with and without keys:
 * JSON bodies with fields dropped, nulled, retyped, oversized or cut short; multipart bodies with
 * broken boundaries, nameless or surplus parts, huge text fields and files that are not images;
 * wrong content types; garbage path and query parameters; and malformed requests on a bare
 * socket (bad request lines, encodings, headers and chunking). Whatever it sends, no answer may
 * be a 500 (nor any 5xx but 505, the answer to an HTTP version the server does not speak), every
 * error must be problem+json, every API answer must carry the no-store and
 * nosniff headers, and the heap in use after collection must not grow by more than {@link
 * #HEAP_BOUND}.
 *
 * <p>Seeded and bounded: {@code -Dcandor.fuzz.seed=N} replays a run (the seed is printed), {@code
 * -Dcandor.fuzz.requests=N} sets its length (default {@value #DEFAULT_REQUESTS}).
 */
class EdgeFuzzTest {

  static final int DEFAULT_REQUESTS = 3000;

  /** Bodies larger than the server reads ahead (Jetty reads some kilobytes with the head) may
   * meet a connection the server closed after refusing them unread. */
  static final int CLOSE_ALLOWED_ABOVE = 16 * 1024;

  /** How much the heap in use after collection may grow over the whole run. */
  static final long HEAP_BOUND = 64L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static TestServer server;
  static final Map<String, String> tokens = new LinkedHashMap<>();
  static final List<String> subjects = new ArrayList<>();
  static final List<String> sacrificialKeys = new ArrayList<>();
  static String searchId;
  static long faceId;
  static String mediaSha;
  static byte[] face;
  static byte[] noise;

  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .build();

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    String admin = server.adminToken();
    tokens.put("admin", admin);
    for (String c : List.of("archive", "watch")) {
      assertThat(server.postJson("/v1/collections", admin, Map.of("name", c, "purpose", "p",
          "defaultBasis", Map.of("kind", "authority", "reference", "Act 4"))).status())
          .isEqualTo(201);
    }
    for (String role : List.of("enroller", "investigator", "supervisor", "auditor")) {
      tokens.put(role, key(role));
    }
    String revoked = key("investigator");
    assertThat(server.delete("/v1/keys/" + revoked.split("_")[1], admin).status()).isEqualTo(200);
    tokens.put("revoked", revoked);
    for (int i = 0; i < 4; i++) {
      sacrificialKeys.add(key("auditor").split("_")[1]);
    }
    face = Photos.crop(Photos.PERSON_A, 1);
    noise = noisePng(new Random(7), 48, 48);
    for (int i = 0; i < 3; i++) {
      TestServer.Response s = server.postJson("/v1/collections/archive/subjects",
          tokens.get("enroller"), Map.of("externalRef", "s" + i, "displayName", "S " + i,
              "basis", Map.of("kind", "consent", "reference", "form " + i)));
      subjects.add(s.json().get("id").asText());
    }
    TestServer.Response enrolled = server.postMultipart("/v1/subjects/" + subjects.getFirst()
        + "/photos", tokens.get("enroller"), Map.of(), List.of(Map.entry("photo", face)));
    assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(200);
    TestServer.Response search = server.postMultipart("/v1/search", tokens.get("investigator"),
        Map.of("purpose", "missing-person", "case", "F-1", "collections", "archive"),
        List.of(Map.entry("photo", Photos.crop(Photos.PERSON_A, 2))));
    assertThat(search.status()).as(search.toString()).isEqualTo(200);
    searchId = search.json().get("searchId").asText();
    faceId = search.json().get("candidates").get(0).get("faceId").asLong();
    mediaSha = search.json().get("candidates").get(0).get("mediaSha256").asText();
  }

  static String key(String role) {
    return server.postJson("/v1/keys", server.adminToken(), Map.of("role", role, "collections",
        List.of("*"))).json().get("token").asText();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** What one request was, for the failure message. */
  record Sent(String method, String target, String contentType, String body) {
    @Override
    public String toString() {
      return method + " " + target + " [" + contentType + "] "
          + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
    }
  }

  @Test
  void random_and_mutated_requests_to_every_route_get_no_5xx_and_only_problem_json_errors()
      throws Exception {
    long seed = Long.getLong("candor.fuzz.seed", new SecureRandom().nextLong());
    int requests = Integer.getInteger("candor.fuzz.requests", DEFAULT_REQUESTS);
    System.out.println("EdgeFuzzTest seed " + seed + " (replay with -Dcandor.fuzz.seed=" + seed
        + "), " + requests + " requests");
    Random random = new Random(seed);
    List<ApiRoute> routes = server.server().routes();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long before = Heap.usedAfterGc();
    long maxAfterGc = before;
    long maxUsed = Heap.used();
    TreeMap<Long, String> slowest = new TreeMap<>();
    long started = System.nanoTime();
    for (int i = 0; i < requests && failures.size() < 20; i++) {
      ApiRoute route = routes.get(random.nextInt(routes.size()));
      long t0 = System.nanoTime();
      String what;
      if (random.nextInt(10) == 0) {
        RawHttp.Reply r = raw(random, route);
        what = "raw " + route.method() + " " + route.path() + " -> " + r.status();
        byStatus.merge(r.status(), 1, Integer::sum);
        check(r.status(), r.header("Content-Type"), r.body(), r.header("Cache-Control"),
            r.header("X-Content-Type-Options"), "raw #" + i + " " + route.path(), failures);
      } else {
        Request q = request(random, route);
        HttpResponse<String> r;
        try {
          r = client.send(q.http(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
          // A server may answer a request it refuses before reading a large body (401, 413,
          // 415) and close the connection; a client still writing that body then loses the
          // answer to a broken pipe. Only such a request may end without an answer.
          if (q.bodyLength() < CLOSE_ALLOWED_ABOVE) {
            throw new IOException("#" + i + " " + q.sent() + " got no answer", e);
          }
          byStatus.merge(-1, 1, Integer::sum);
          continue;
        }
        what = q.sent().method() + " " + route.path() + " -> " + r.statusCode();
        byStatus.merge(r.statusCode(), 1, Integer::sum);
        check(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
            q.sent().method().equals("HEAD") ? null : r.body(),
            r.headers().firstValue("Cache-Control").orElse(null),
            r.headers().firstValue("X-Content-Type-Options").orElse(null),
            "#" + i + " " + q.sent(), failures);
      }
      slowest.put(System.nanoTime() - t0, "#" + i + " " + what);
      if (slowest.size() > 3) {
        slowest.pollFirstEntry();
      }
      maxUsed = Math.max(maxUsed, Heap.used());
      if (i % 500 == 499) {
        maxAfterGc = Math.max(maxAfterGc, Heap.usedAfterGc());
      }
    }
    long after = Heap.usedAfterGc();
    maxAfterGc = Math.max(maxAfterGc, after);
    int sent = byStatus.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(Locale.ROOT, "EdgeFuzzTest: %d requests, responses by status %s (-1: closed"
            + " without an answer); heap in use after GC %s before, %s after, at most %s; heap"
            + " in use at most %s (garbage included)%n", sent, byStatus, Heap.mib(before),
        Heap.mib(after), Heap.mib(maxAfterGc), Heap.mib(maxUsed));
    System.out.printf(Locale.ROOT, "EdgeFuzzTest: %.1f s in all; slowest %s%n",
        (System.nanoTime() - started) / 1e9, slowest.descendingMap().entrySet().stream()
            .map(e -> e.getValue() + " in " + e.getKey() / 1_000_000 + " ms").toList());
    assertThat(failures).isEmpty();
    assertThat(after - before).as("heap growth after GC").isLessThan(HEAP_BOUND);
  }

  /** Checks one answer; adds what is wrong with it to {@code failures}. */
  static void check(int status, String contentType, String body, String cacheControl,
      String nosniff, String what, List<String> failures) {
    // 505 is Jetty's answer to an HTTP version it does not speak (HTTP/9.9): the client's.
    if (status >= 500 && status != 505) {
      failures.add(status + " for " + what + ": " + body);
      return;
    }
    if (status < 0) {
      return; // closed without an answer: no response, so no bare one
    }
    if (status >= 400) {
      if (contentType == null || contentType.startsWith(Problems.CONTENT_TYPE) == false) {
        failures.add(status + " without problem+json (" + contentType + ") for " + what + ": "
            + body);
        return;
      }
      if (body != null) {
        try {
          JsonNode p = JSON.readTree(body);
          if (p.path("status").asInt() != status || p.path("detail").asText().isBlank()) {
            failures.add(status + " with a problem that does not say so for " + what + ": "
                + body);
          }
        } catch (IOException e) {
          failures.add(status + " with a problem that is not JSON for " + what + ": " + body);
        }
      }
    }
    boolean staticFile = contentType != null && (contentType.startsWith("text/html")
        || contentType.startsWith("text/css") || contentType.startsWith("text/javascript"));
    if (staticFile == false && ("no-store".equals(cacheControl) == false
        || "nosniff".equals(nosniff) == false)) {
      failures.add(status + " without no-store/nosniff (" + cacheControl + ", " + nosniff
          + ") for " + what);
    }
  }

  record Request(HttpRequest http, Sent sent, int bodyLength) {}

  Request request(Random random, ApiRoute route) {
    String method = route.method().name();
    if (random.nextInt(25) == 0) {
      method = pick(random, List.of("PUT", "PATCH", "HEAD", "OPTIONS", "GET", "DELETE", "POST"));
    }
    String target = path(random, route) + query(random, route);
    String token = token(random);
    String contentType;
    byte[] body;
    ApiRoute.BodyKind kind = route.body().kind();
    if (random.nextInt(10) == 0) {
      kind = pick(random, List.of(ApiRoute.BodyKind.values()));
    }
    switch (kind) {
      case JSON -> {
        contentType = "application/json";
        body = json(random, route).getBytes(StandardCharsets.UTF_8);
      }
      case MULTIPART -> {
        String boundary = "fz" + Long.toHexString(random.nextLong());
        contentType = "multipart/form-data; boundary=" + boundary;
        body = multipart(random, route, boundary);
      }
      default -> {
        contentType = null;
        body = random.nextInt(4) == 0 ? bytes(random, random.nextInt(2000)) : new byte[0];
      }
    }
    if (random.nextInt(8) == 0) {
      contentType = pick(random, List.of("text/plain", "application/x-www-form-urlencoded",
          "multipart/form-data", "application/json; charset=latin1", "x/y;;;=", "",
          "multipart/form-data; boundary=", "application/problem+json",
          "multipart/mixed; boundary=b", "application/octet-stream"));
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + target))
        .timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", token);
    }
    if (contentType != null && contentType.isEmpty() == false) {
      b.header("Content-Type", contentType);
    }
    if (random.nextInt(10) == 0) {
      b.header("X-Fuzz-" + random.nextInt(100), text(random, 1 + random.nextInt(200))
          .replaceAll("[^\\x21-\\x7e]", "_"));
    }
    HttpRequest.BodyPublisher publisher = body.length == 0 && random.nextBoolean()
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
    b.method(method, method.equals("HEAD") || method.equals("OPTIONS")
        ? HttpRequest.BodyPublishers.noBody() : publisher);
    return new Request(b.build(), new Sent(method, target, contentType,
        new String(body, 0, Math.min(body.length, 400), StandardCharsets.ISO_8859_1)),
        body.length);
  }

  static String token(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> null;
      case 1 -> "Bearer " + text(random, random.nextInt(60)).replaceAll("[^\\x21-\\x7e]", "x");
      case 2 -> pick(random, List.of("Basic YWRtaW46YWRtaW4=", "Bearer", "bearer  ", "Token x"));
      case 3 -> "Bearer " + tokens.get("revoked");
      default -> "Bearer " + tokens.get(pick(random, List.of("admin", "admin", "enroller",
          "investigator", "supervisor", "auditor")));
    };
  }

  /** The route's path with each parameter a known value, or garbage. */
  static String path(Random random, ApiRoute route) {
    if (random.nextInt(40) == 0) {
      return "/v1/" + encode(text(random, 1 + random.nextInt(20)));
    }
    String path = route.path();
    for (ApiRoute.Field p : route.params()) {
      String value;
      if (random.nextInt(4) == 0) {
        value = pick(random, List.of(text(random, 1 + random.nextInt(40)), "-1", "0",
            "99999999999999999999999", "00000000-0000-0000-0000-000000000000",
            "A".repeat(1 + random.nextInt(3000)), ".", "..", "%", "null", " "));
      } else {
        value = switch (p.name()) {
          case "collection" -> pick(random, List.of("archive", "watch", "nope"));
          case "id" -> route.path().startsWith("/v1/keys") ? pick(random, sacrificialKeys)
              : pick(random, subjects);
          case "sha256" -> random.nextBoolean() ? mediaSha : hex(random, 64);
          case "faceId" -> Long.toString(random.nextBoolean() ? faceId : random.nextInt(1000));
          case "searchId" -> random.nextBoolean() ? searchId : hex(random, 16);
          default -> text(random, 8);
        };
      }
      path = path.replace("{" + p.name() + "}", encode(value));
    }
    return path;
  }

  static String query(Random random, ApiRoute route) {
    List<String> pairs = new ArrayList<>();
    for (ApiRoute.Field q : route.query()) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      String value = switch (random.nextInt(6)) {
        case 0 -> text(random, random.nextInt(30));
        case 1 -> Long.toString(random.nextLong());
        case 2 -> "99999999999999999999999";
        case 3 -> "";
        default -> Integer.toString(random.nextInt(1200) - 100);
      };
      pairs.add(encode(q.name()) + "=" + encode(value));
      if (random.nextInt(8) == 0) {
        pairs.add(encode(q.name()) + "=" + encode(value)); // the same parameter twice
      }
    }
    if (random.nextInt(8) == 0) {
      pairs.add(encode(text(random, 1 + random.nextInt(10))) + "="
          + encode(text(random, random.nextInt(50))));
    }
    return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
  }

  /** A JSON body from the route's declared fields, then mutated. */
  static String json(Random random, ApiRoute route) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (ApiRoute.Field f : route.body().fields()) {
      if (f.required() || random.nextBoolean()) {
        body.put(f.name(), value(random, f));
      }
    }
    int mutations = random.nextInt(3);
    for (int m = 0; m < mutations && body.isEmpty() == false; m++) {
      String name = pick(random, new ArrayList<>(body.keySet()));
      switch (random.nextInt(7)) {
        case 0 -> body.remove(name);
        case 1 -> body.put(name, null);
        case 2 -> body.put(name, pick(random, List.of(42, -1L << 40, true, 3.5, List.of(1, 2),
            Map.of("x", 1), List.of(), Map.of(), "")));
        case 3 -> body.put(name, text(random, 1000 + random.nextInt(40_000)));
        case 4 -> body.put(text(random, 1 + random.nextInt(12)), text(random, 8));
        case 5 -> body.put(name, nested(random, 1 + random.nextInt(30)));
        default -> body.put(name, text(random, random.nextInt(20)));
      }
    }
    String text;
    try {
      text = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return switch (random.nextInt(14)) {
      case 0 -> text.substring(0, random.nextInt(text.length()));
      case 1 -> pick(random, List.of("null", "[]", "\"x\"", "42", "", "{", "}", "{}{}",
          "{\"a\":1,\"a\":2}", "[".repeat(5000), "\uFEFF{}"));
      case 2 -> new String(bytes(random, random.nextInt(300)), StandardCharsets.ISO_8859_1);
      case 3 -> text + " trailing";
      default -> text;
    };
  }

  static Object value(Random random, ApiRoute.Field f) {
    if (f.example() != null && random.nextInt(3) > 0) {
      return f.example();
    }
    return switch (f.type()) {
      case "integer" -> random.nextInt(200) - 50;
      case "boolean" -> random.nextBoolean();
      case "array" -> random.nextBoolean() ? List.of("*")
          : List.of(pick(random, List.of("archive", "watch", "Bad Name", "")));
      case "object" -> Map.of("kind", pick(random, List.of("consent", "authority", "hunch")),
          "reference", text(random, random.nextInt(20)));
      default -> text(random, random.nextInt(30));
    };
  }

  static Object nested(Random random, int depth) {
    Object v = text(random, 3);
    for (int d = 0; d < depth; d++) {
      v = random.nextBoolean() ? List.of(v) : Map.of("k", v);
    }
    return v;
  }

  /** A multipart body from the route's declared fields, then mutated. */
  static byte[] multipart(Random random, ApiRoute route, String boundary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<ApiRoute.Field> fields = new ArrayList<>(route.body().fields());
    if (random.nextInt(6) == 0) {
      fields.add(ApiRoute.field(text(random, 1 + random.nextInt(10)), "string", "x"));
    }
    int repeat = random.nextInt(20) == 0 ? 40 : 1; // too many parts now and then
    for (int r = 0; r < repeat; r++) {
      for (ApiRoute.Field f : fields) {
        if (f.required() == false && random.nextBoolean() || random.nextInt(12) == 0) {
          continue;
        }
        String name = random.nextInt(25) == 0 ? "" : f.name();
        String disposition = random.nextInt(30) == 0 ? "" : "Content-Disposition: form-data;"
            + (name.isEmpty() && random.nextBoolean() ? "" : " name=\"" + name + "\"");
        if (f.type().equals("file")) {
          boolean filename = random.nextInt(10) > 0;
          out.writeBytes(("--" + boundary + "\r\n" + disposition
              + (filename ? "; filename=\"f" + random.nextInt(9) + ".png\"" : "")
              + "\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
          out.writeBytes(file(random));
        } else {
          String value = random.nextInt(15) == 0 ? text(random, 70_000)
              : String.valueOf(value(random, f));
          out.writeBytes(("--" + boundary + "\r\n" + disposition + "\r\n\r\n" + value)
              .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    switch (random.nextInt(12)) {
      case 0 -> { } // no closing boundary
      case 1 -> out.writeBytes(("--" + boundary + "x--\r\n").getBytes(StandardCharsets.UTF_8));
      case 2 -> out.writeBytes(bytes(random, random.nextInt(500)));
      default -> out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = out.toByteArray();
    if (random.nextInt(15) == 0 && body.length > 0) {
      return java.util.Arrays.copyOf(body, random.nextInt(body.length)); // cut short
    }
    return body;
  }

  static byte[] file(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> face;
      case 1 -> new byte[0];
      case 2 -> bytes(random, random.nextInt(5000));
      case 3 -> HttpApiTest.pngHeader(1 + random.nextInt(60_000), 1 + random.nextInt(60_000));
      case 4 -> java.util.Arrays.copyOf(face, random.nextInt(face.length));
      default -> noise;
    };
  }

  /** A request on a bare socket, malformed in one of several ways. */
  static RawHttp.Reply raw(Random random, ApiRoute route) {
    String method = random.nextInt(6) == 0
        ? pick(random, List.of("GE T", "get", "FOO", "", "POST /x", "\u00e9"))
        : route.method().name();
    String target = path(random, route);
    target = switch (random.nextInt(8)) {
      case 0 -> target + "/%zz";
      case 1 -> target + "?a=%";
      case 2 -> target + "/%00";
      case 3 -> target.replace("/v1", "/v1//..//v1");
      case 4 -> target + "?" + "q".repeat(10_000);
      case 5 -> target + "\u00ff";
      default -> target;
    };
    String version = random.nextInt(15) == 0 ? pick(random, List.of("HTTP/9.9", "HTTP/1", ""))
        : "HTTP/1.1";
    StringBuilder head = new StringBuilder(method + " " + target + " " + version + "\r\n");
    head.append("Host: fuzz\r\nConnection: close\r\n");
    String token = token(random);
    if (token != null) {
      head.append("Authorization: ").append(token).append("\r\n");
    }
    byte[] body = route.body().kind() == ApiRoute.BodyKind.JSON
        ? json(random, route).getBytes(StandardCharsets.UTF_8)
        : route.body().kind() == ApiRoute.BodyKind.MULTIPART
            ? multipart(random, route, "rb") : new byte[0];
    String type = route.body().kind() == ApiRoute.BodyKind.MULTIPART
        ? "multipart/form-data; boundary=rb" : "application/json";
    boolean chunked = false;
    switch (random.nextInt(8)) {
      case 0 -> head.append("X-Big: ").append("h".repeat(20_000)).append("\r\n");
      case 1 -> head.append("Broken header line\r\n");
      case 2 -> head.append("Content-Length: abc\r\n");
      case 3 -> {
        head.append("Content-Type: ").append(type).append("\r\nTransfer-Encoding: chunked\r\n");
        chunked = true;
      }
      case 4 -> {
        head.append("Content-Type: ").append(type).append("\r\nTransfer-Encoding: chunked\r\n");
        // Then a body that is not in chunks. (Not none at all: the server would rightly wait
        // for the chunks until its idle timeout, 30 s.)
        body = ("not in chunks " + new String(body, StandardCharsets.ISO_8859_1))
            .getBytes(StandardCharsets.ISO_8859_1);
      }
      case 5 -> head.append("Content-Type: ").append(type).append("\r\nContent-Length: ")
          .append(body.length / 2).append("\r\n"); // a shorter length than the body
      case 6 -> head.append("Content-Type: ").append(type).append("\r\nContent-Length: ")
          .append(body.length).append("\r\nContent-Length: ").append(body.length + 1)
          .append("\r\n");
      default -> head.append("Content-Type: ").append(type).append("\r\nContent-Length: ")
          .append(body.length).append("\r\n");
    }
    return RawHttp.send(server.server().port(), head.toString(),
        new java.io.ByteArrayInputStream(body), chunked);
  }

  static String text(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = switch (random.nextInt(10)) {
        case 0 -> (char) (0x20 + random.nextInt(0x5f));
        case 1 -> "\"\\/%&=?#\n\u0000\u00e9\u4e2d\ud83d".charAt(random.nextInt(13));
        default -> (char) ('a' + random.nextInt(26));
      };
      s.append(c);
    }
    return s.toString();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String hex(Random random, int digits) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < digits; i++) {
      s.append(Character.forDigit(random.nextInt(16), 16));
    }
    return s.toString();
  }

  static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static <T> T pick(Random random, List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  /** A small PNG of random pixels: an image without a face, quick to decode and search. */
  static byte[] noisePng(Random random, int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
