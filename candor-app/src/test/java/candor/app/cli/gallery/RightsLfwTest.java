package candor.app.cli.gallery;

import static candor.app.cli.gallery.GalleryCli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import candor.app.cli.ExitCodes;
import candor.app.http.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People's requests end to end on LFW, over HTTP and on the command line: 50 people enrolled with
 * two photos each; an access request with each one's third photo finds their faces and nobody
 * else's; requests by people never enrolled find nothing; an erasure on request leaves the person
 * unfindable with its receipt attached; after an opt-out, ingesting that person's photos skips
 * them and audits each skip.
 *
 * <p>The 50 people are those of LFW with three or more photos, taken at even steps through the
 * alphabet ({@code StrictThresholdStudy} measures the same gallery). Needs {@code
 * ../shared/data/lfw} (or {@code -Dcandor.lfw.dir}); skipped when it is absent.
 */
class RightsLfwTest {

  static final int PEOPLE = 50;

  @TempDir static Path tmp;
  static Path lfw;
  static List<String> enrolled = new ArrayList<>();
  static List<String> strangers = new ArrayList<>();

  @BeforeAll
  static void choosePeople() throws IOException {
    lfw = Path.of(System.getProperty("candor.lfw.dir",
        GalleryCli.ROOT.getParent().resolve("shared/data/lfw").toString()));
    assumeTrue(Files.isDirectory(lfw), "LFW is absent at " + lfw + ": skipping the LFW end-to-end"
        + " test of people's requests (put LFW there, see ../shared/data/README.md, or set"
        + " -Dcandor.lfw.dir)");
    List<String> eligible;
    try (Stream<Path> dirs = Files.list(lfw)) {
      eligible = dirs.filter(Files::isDirectory).filter(d -> photos(d).size() >= 3)
          .map(d -> d.getFileName().toString()).sorted().toList();
    }
    for (int i = 0; i < PEOPLE; i++) {
      enrolled.add(eligible.get(i * eligible.size() / PEOPLE));
      if (i < 5) {
        strangers.add(eligible.get(i * eligible.size() / PEOPLE + 1)); // never enrolled
      }
    }
  }

  static List<Path> photos(Path person) {
    try (Stream<Path> files = Files.list(person)) {
      return files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] photo(String person, int index) {
    try {
      return Files.readAllBytes(photos(lfw.resolve(person)).get(index));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a sweep of access requests found. */
  record Sweep(int foundOwn, int foundBoth, int withStranger, List<String> bothFound) {}

  @Test
  void over_http_each_request_finds_its_person_only_and_erasure_and_opt_out_hold() {
    try (TestServer server = TestServer.start(tmp.resolve("http"))) {
      String admin = server.adminToken();
      for (String c : List.of("lfw", "events")) {
        assertThat(server.postJson("/v1/collections", admin, Map.of("name", c, "purpose",
            "evaluation", "defaultBasis", Map.of("kind", "consent", "reference", "LFW licence"),
            "retention", "P1Y")).status()).isEqualTo(201);
      }
      String erin = key(server, admin, "enroller", "erin");
      String olga = key(server, admin, "privacy-officer", "olga");
      String pia = key(server, admin, "privacy-officer", "pia");
      for (String person : enrolled) {
        String id = server.postJson("/v1/collections/lfw/subjects", erin, Map.of("externalRef",
            person, "displayName", person.replace('_', ' '), "basis",
            Map.of("kind", "consent", "reference", "LFW licence"))).json().get("id").asText();
        TestServer.Response r = server.postMultipart("/v1/subjects/" + id + "/photos", erin,
            Map.of(), List.of(Map.entry("photo", photo(person, 0)),
                Map.entry("photo", photo(person, 1))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
      }

      Sweep sweep = sweep(p -> access(server, olga, p, photo(p, 2)), enrolled);
      System.out.printf("LFW over HTTP: %d of %d requests found their person (%d both faces),"
          + " %d returned a stranger%n", sweep.foundOwn(), PEOPLE, sweep.foundBoth(),
          sweep.withStranger());
      assertThat(sweep.withStranger()).isZero();
      assertThat(sweep.foundOwn()).isGreaterThanOrEqualTo(45);
      for (String stranger : strangers) {
        assertThat(access(server, olga, stranger, photo(stranger, 1)).get("matches"))
            .as(stranger).isEmpty();
      }

      // Erasure on request: the first person whose request found both faces.
      String person = sweep.bothFound().getFirst();
      JsonNode d = access(server, olga, person, photo(person, 2));
      String id = d.get("request").get("id").asText();
      for (JsonNode m : d.get("matches")) {
        for (String officer : List.of(olga, pia)) {
          assertThat(server.postJson("/v1/requests/" + id + "/matches/" + m.get("faceId")
              .asText() + "/reviews", officer, Map.of("verdict", "confirmed", "note",
              "the same person as the requester's photo")).status()).isEqualTo(201);
        }
      }
      server.postJson("/v1/requests/" + id + "/identity", pia, Map.of("note", "ID card seen"));
      JsonNode report = server.get("/v1/requests/" + id + "/report", olga).json();
      assertThat(report.get("faces")).hasSize(2);
      assertThat(report.get("faces").findValuesAsText("subjectRef")).containsOnly(person);
      assertThat(server.get("/v1/requests/" + id + "/report.pdf", olga).status()).isEqualTo(200);
      JsonNode erased = server.postJson("/v1/requests/" + id + "/erasure", olga, Map.of())
          .json();
      assertThat(erased.get("receipts")).singleElement().satisfies(r -> {
        assertThat(r.get("what").asText()).startsWith("subject ");
        assertThat(r.get("facesErased").asInt()).isEqualTo(2);
      });
      assertThat(access(server, pia, person, photo(person, 2)).get("matches")).isEmpty();

      // Opt-out: another such person; their enrolled photos, ingested again elsewhere, are
      // skipped (their request showed both reach the threshold against this very photo).
      String optOut = sweep.bothFound().get(1);
      assertThat(server.postMultipart("/v1/optouts", olga, Map.of("requester", "LFW-OPT",
          "consent", "consent form LFW"), List.of(Map.entry("photo", photo(optOut, 2))))
          .status()).isEqualTo(201);
      JsonNode ingest = server.postMultipart("/v1/collections/events/media", erin, Map.of(),
          List.of(Map.entry("photo", photo(optOut, 0)), Map.entry("photo", photo(optOut, 1))))
          .json();
      assertThat(ingest.get("facesOptedOut").asLong()).isEqualTo(2);
      long skips = 0;
      for (JsonNode e : server.get("/v1/audit?limit=1000&after=0", admin).json().get("entries")) {
        if (e.get("action").asText().equals("optout.skip")) {
          skips++;
          assertThat(e.toString()).doesNotContain(optOut);
        }
      }
      assertThat(skips).isEqualTo(2);
    }
  }

  @Test
  void on_the_command_line_the_same_requests_hold() throws IOException {
    Path data = tmp.resolve("cli");
    Path admin = key(data, "admin", null, "ops");
    for (String c : List.of("lfw", "events")) {
      ok(run("collections", "create", c, "--data", data, "--purpose", "evaluation",
          "--lawful-basis", "consent", "--basis-ref", "LFW licence", "--key-file", admin));
    }
    Path erin = key(data, "enroller", "*", "erin");
    Path olga = key(data, "privacy-officer", "*", "olga");
    Path pia = key(data, "privacy-officer", "*", "pia");
    Path enrol = tmp.resolve("enrol");
    for (String person : enrolled) {
      for (int i = 0; i < 2; i++) {
        Path to = enrol.resolve(person).resolve(person + "_" + i + ".jpg");
        Files.createDirectories(to.getParent());
        Files.write(to, photo(person, i));
      }
    }
    ok(run("ingest", enrol, "--data", data, "--collection", "lfw", "--lawful-basis", "consent",
        "--basis-ref", "LFW licence", "--subject-from-folder", "--key-file", erin));

    // A few requests on the command line (each opens the engine); HTTP sweeps all fifty.
    List<String> both = new ArrayList<>();
    int found = 0;
    for (String person : enrolled.subList(0, 5)) {
      JsonNode d = requests(data, olga, "access", file(person, 2), "--requester", "LFW-" + person,
          "--json").json();
      List<String> refs = d.get("matches").findValuesAsText("subjectRef");
      assertThat(refs).as("nobody else's faces for " + person).allMatch(person::equals);
      found += refs.isEmpty() ? 0 : 1;
      if (refs.size() == 2) {
        both.add(person);
      }
    }
    // one of the fifty people's third photo reaches neither of their two (49 of 50 over HTTP)
    assertThat(found).isGreaterThanOrEqualTo(4);
    assertThat(requests(data, olga, "access", file(strangers.get(0), 1), "--requester", "S",
        "--json").json().get("matches")).isEmpty();
    assertThat(both).isNotEmpty();

    String person = both.getFirst();
    JsonNode d = requests(data, olga, "access", file(person, 2), "--requester", "DSAR",
        "--kind", "erasure", "--json").json();
    String id = d.get("request").get("id").asText();
    for (JsonNode m : d.get("matches")) {
      ok(requests(data, olga, "confirm", id, m.get("faceId").asText(), "--note", "same person"));
      ok(requests(data, pia, "confirm", id, m.get("faceId").asText(), "--note", "agree"));
    }
    ok(requests(data, pia, "identity", id, "--note", "ID card seen"));
    Path pdf = tmp.resolve("report.pdf");
    assertThat(ok(requests(data, olga, "report", id, "--pdf", pdf)).out()).contains("2 face(s)");
    JsonNode erased = requests(data, olga, "erase", id, "--json").json();
    assertThat(erased.get("receipts")).hasSize(1);
    assertThat(requests(data, pia, "access", file(person, 2), "--requester", "DSAR-2", "--json")
        .json().get("matches")).isEmpty();
    ok(requests(data, olga, "answer", id, "--outcome", "erased; receipt sent"));

    String optOut = both.size() > 1 ? both.get(1) : enrolled.get(5);
    ok(requests(data, olga, "optout", file(optOut, 2), "--requester", "OPT", "--consent",
        "consent form LFW"));
    Path again = tmp.resolve("again").resolve(optOut);
    Files.createDirectories(again);
    Files.write(again.resolve("a.jpg"), photo(optOut, 0));
    Files.write(again.resolve("b.jpg"), photo(optOut, 1));
    GalleryCli.Run ingest = ok(run("ingest", again, "--data", data, "--collection", "events",
        "--lawful-basis", "consent", "--basis-ref", "LFW licence", "--json", "--key-file",
        erin));
    long skipped = ingest.json().get("faces_opted_out").asLong();
    assertThat(skipped).isPositive();
    JsonNode rights = ok(run("transparency", "--json", "--data", data, "--key-file", erin))
        .json().get("rights");
    assertThat(rights.get("optOutSkips").asLong()).isEqualTo(skipped);
    assertThat(rights.get("erasuresOnRequest").asLong()).isEqualTo(1);
  }

  static Sweep sweep(java.util.function.Function<String, JsonNode> request, List<String> people) {
    int own = 0;
    int both = 0;
    int stranger = 0;
    List<String> bothFound = new ArrayList<>();
    for (String person : people) {
      List<String> refs = request.apply(person).get("matches").findValuesAsText("subjectRef");
      long mine = refs.stream().filter(person::equals).count();
      own += mine > 0 ? 1 : 0;
      if (mine == 2) {
        both++;
        bothFound.add(person);
      }
      stranger += mine < refs.size() ? 1 : 0;
    }
    return new Sweep(own, both, stranger, bothFound);
  }

  static JsonNode access(TestServer server, String token, String person, byte[] selfie) {
    TestServer.Response r = server.postMultipart("/v1/requests/access", token,
        Map.of("requester", "LFW-" + person), List.of(Map.entry("photo", selfie)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  static String key(TestServer server, String admin, String role, String name) {
    return server.postJson("/v1/keys", admin, Map.of("role", role, "collections", List.of("*"),
        "name", name)).json().get("token").asText();
  }

  static Path file(String person, int index) {
    return photos(lfw.resolve(person)).get(index);
  }

  static Path key(Path data, String role, String collections, String name) throws IOException {
    List<Object> args = new ArrayList<>(List.of("keys", "create", "--data", data, "--role", role,
        "--name", name));
    if (collections != null) {
      args.addAll(List.of("--collections", collections));
    }
    GalleryCli.Run r = ok(run(args.toArray()));
    return Files.writeString(tmp.resolve(name + "-" + data.getFileName() + ".key"),
        r.out().strip());
  }

  static GalleryCli.Run requests(Path data, Path key, Object... args) {
    List<Object> all = new ArrayList<>(List.of("requests"));
    all.addAll(List.of(args));
    all.addAll(List.of("--data", data, "--key-file", key));
    return ok(run(all.toArray()));
  }

  static GalleryCli.Run ok(GalleryCli.Run r) {
    assertThat(r.exit()).as("stdout: %s%nstderr: %s", r.out(), r.err()).isEqualTo(ExitCodes.OK);
    return r;
  }
}
