package candor.app.cli.gallery;

import static candor.app.cli.gallery.GalleryCli.enrolments;
import static candor.app.cli.gallery.GalleryCli.probe;
import static candor.app.cli.gallery.GalleryCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import candor.app.cli.ExitCodes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code candor requests} end to end with keys, as an operator would run it from the README: two
 * privacy officers take an erasure request from selfie to answer (report as PDF, receipt
 * attached), and an opt-out keeps the person out of the next ingest.
 */
class RequestsCommandTest {

  @TempDir Path tmp;
  Path admin;
  Path enroller;
  Path olga;
  Path pia;

  Path data() {
    return tmp.resolve("data");
  }

  @BeforeEach
  void bootstrap() throws IOException {
    admin = key("admin", null, "ops");
    ok(run("collections", "create", "people", "--data", data(), "--purpose", "form 7",
        "--lawful-basis", "consent", "--basis-ref", "form 7", "--key-file", admin));
    enroller = key("enroller", "people", "erin");
    olga = key("privacy-officer", "*", "olga");
    pia = key("privacy-officer", "*", "pia");
    enrolments(tmp.resolve("in"));
    ok(run("ingest", tmp.resolve("in"), "--data", data(), "--collection", "people",
        "--lawful-basis", "consent", "--basis-ref", "form 7", "--subject-from-folder",
        "--key-file", enroller));
  }

  Path key(String role, String collections, String name) throws IOException {
    List<Object> args = new ArrayList<>(List.of("keys", "create", "--data", data(), "--role",
        role, "--name", name));
    if (collections != null) {
      args.addAll(List.of("--collections", collections));
    }
    GalleryCli.Run r = run(args.toArray());
    ok(r);
    return Files.writeString(tmp.resolve(name + ".key"), r.out().strip());
  }

  GalleryCli.Run requests(Path key, Object... args) {
    List<Object> all = new ArrayList<>(List.of("requests"));
    all.addAll(List.of(args));
    all.addAll(List.of("--data", data(), "--key-file", key));
    return run(all.toArray());
  }

  static GalleryCli.Run ok(GalleryCli.Run r) {
    assertThat(r.exit()).as("stdout: %s%nstderr: %s", r.out(), r.err()).isEqualTo(ExitCodes.OK);
    return r;
  }

  @Test
  void an_erasure_request_goes_from_selfie_to_answer_with_a_pdf_and_a_receipt()
      throws IOException {
    Path selfie = probe(0, tmp.resolve("selfie.jpg"));
    JsonNode d = ok(requests(olga, "access", selfie, "--requester", "DSAR-1", "--kind",
        "erasure", "--json")).json();
    String id = d.get("request").get("id").asText();
    assertThat(d.get("matches")).hasSize(1);
    String face = d.get("matches").get(0).get("faceId").asText();

    ok(requests(olga, "confirm", id, face, "--note", "same eyes, nose and hairline"));
    GalleryCli.Run second = ok(requests(pia, "confirm", id, face, "--note", "agree"));
    assertThat(second.out()).contains("confirmed by pia; now identified");
    GalleryCli.Run early = requests(olga, "report", id);
    assertThat(early.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(early.err()).startsWith("candor: the requester's identity is not checked yet");
    ok(requests(pia, "identity", id, "--note", "passport seen at the desk"));

    Path pdf = tmp.resolve("report.pdf");
    assertThat(ok(requests(olga, "report", id, "--pdf", pdf)).out())
        .isEqualTo("wrote " + pdf + ": 1 face(s), 0 receipt(s)" + System.lineSeparator());
    assertThat(new String(Files.readAllBytes(pdf), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("%PDF-");
    assertThat(requests(olga, "report", id, "--pdf", pdf).exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(ok(requests(olga, "report", id)).out()).contains("(held) in people",
        "basis consent \"form 7\"", "subject-access-request: 1");

    GalleryCli.Run erased = ok(requests(olga, "erase", id));
    assertThat(erased.out()).contains("erased", "receipt: subject ");
    JsonNode again = ok(requests(pia, "access", selfie, "--requester", "DSAR-2", "--json"))
        .json();
    assertThat(again.get("matches")).isEmpty();
    assertThat(ok(requests(olga, "answer", id, "--outcome", "erased; receipt sent")).out())
        .contains("answer: 20").contains("erased; receipt sent");
    GalleryCli.Run list = ok(requests(pia, "list"));
    assertThat(list.out()).contains(id).contains("answered").contains("DSAR-2");
    assertThat(ok(requests(pia, "list", "--open")).out()).doesNotContain(id);
    assertThat(ok(run("transparency", "--data", data(), "--key-file", enroller)).out())
        .contains("people's requests: {access=1, erasure=1}").contains("erasures on request 1");
  }

  @Test
  void an_opt_out_keeps_the_person_out_of_the_next_ingest() throws IOException {
    Path me = GalleryCli.person(1, 0.6, 180, tmp.resolve("me.jpg"));
    GalleryCli.Run added = ok(requests(olga, "optout", me, "--requester", "OPT-1", "--consent",
        "consent form 77", "--json"));
    String entry = added.json().get("entry").get("id").asText();
    assertThat(ok(requests(pia, "optouts")).out()).contains(entry, "consent form 77");

    Path again = GalleryCli.person(1, 0.9, 220, tmp.resolve("again/person_9/a.jpg"));
    GalleryCli.Run ingest = run("ingest", again.getParent().getParent(), "--data", data(),
        "--collection", "people", "--lawful-basis", "consent", "--basis-ref", "form 7",
        "--subject-from-folder", "--key-file", enroller);
    ok(ingest);
    assertThat(ingest.out()).contains("0 faces stored").contains("left out 1 face(s) of people"
        + " on the do-not-enrol list (audited as optout.skip)");

    ok(requests(pia, "optout-remove", entry, "--requester", "OPT-2"));
    assertThat(ok(requests(olga, "optouts")).out()).contains("the do-not-enrol list is empty");
  }

  @Test
  void other_roles_are_refused_and_bad_usage_is_named() throws IOException {
    Path selfie = probe(0, tmp.resolve("selfie.jpg"));
    GalleryCli.Run enrollerAsks = requests(enroller, "access", selfie, "--requester", "X");
    assertThat(enrollerAsks.exit()).isEqualTo(ExitCodes.DENIED);
    assertThat(enrollerAsks.err()).contains("role enroller may not search for a requester's"
        + " faces");
    Path narrow = key("privacy-officer", "people", "nina");
    GalleryCli.Run narrowAsks = requests(narrow, "access", selfie, "--requester", "X");
    assertThat(narrowAsks.exit()).isEqualTo(ExitCodes.DENIED);
    assertThat(narrowAsks.err()).contains("is not granted all collections");
    GalleryCli.Run noRef = requests(olga, "access", selfie);
    assertThat(noRef.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noRef.err()).contains("Missing required option: '--requester=REF'");
    GalleryCli.Run badKind = requests(olga, "access", selfie, "--requester", "X", "--kind",
        "opt-out");
    assertThat(badKind.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badKind.err()).isEqualTo("candor: an access request is of kind access, erasure"
        + " or objection, got opt-out" + System.lineSeparator());
    GalleryCli.Run unknown = requests(olga, "show", "00000000-0000-0000-0000-000000000000");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(unknown.err()).contains("no request 00000000-0000-0000-0000-000000000000");
  }
}
