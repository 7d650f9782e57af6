package candor.app.cli.gallery;

import static candor.app.cli.gallery.GalleryCli.enrolments;
import static candor.app.cli.gallery.GalleryCli.probe;
import static candor.app.cli.gallery.GalleryCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import candor.app.cli.ExitCodes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryCommandsTest {

  private static final String PURPOSES = "criminal-investigation, missing-person,"
      + " victim-identification, identity-verification, evaluation, subject-access-request";

  @TempDir Path tmp;

  private Path data() {
    return tmp.resolve("data");
  }

  /** The keys of the three roles these commands need, issued by the local bootstrap. */
  private Path admin;
  private Path enroller;
  private Path investigator;

  /**
   * Bootstraps the deployment as an operator would from the README: an admin key, the
   * collection 'people', and keys for an enroller and an investigator granted it.
   */
  @BeforeEach
  void bootstrap() throws IOException {
    admin = key("admin", null, "ops");
    GalleryCli.Run created = run("collections", "create", "people", "--data", data(),
        "--purpose", "form 7", "--lawful-basis", "consent", "--basis-ref", "form 7",
        "--key-file", admin);
    assertThat(created.exit()).as(created.err()).isEqualTo(ExitCodes.OK);
    enroller = key("enroller", "people", "erin");
    investigator = key("investigator", "people", "ivan");
  }

  private Path key(String role, String collections, String name) throws IOException {
    List<Object> args = new ArrayList<>(List.of("keys", "create", "--data", data(), "--role",
        role, "--name", name));
    if (collections != null) {
      args.addAll(List.of("--collections", collections));
    }
    GalleryCli.Run r = run(args.toArray());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    return Files.writeString(tmp.resolve(name + ".key"), r.out().strip());
  }

  private GalleryCli.Run ingest(Object... extra) {
    List<Object> args = new ArrayList<>(List.of("ingest", "--data", data(), "--collection", "people",
        "--lawful-basis", "consent", "--basis-ref", "form 7", "--json", "--key-file", enroller));
    args.addAll(List.of(extra));
    return run(args.toArray());
  }

  private GalleryCli.Run search(Object... extra) {
    List<Object> args = new ArrayList<>(List.of("search", "--data", data(), "--collection", "people",
        "--key-file", investigator));
    args.addAll(List.of(extra));
    return run(args.toArray());
  }

  @Test
  void ingest_then_search_finds_the_right_subject_first() {
    enrolments(tmp.resolve("in"));
    GalleryCli.Run ingested = ingest(tmp.resolve("in"), "--subject-from-folder");
    assertThat(ingested.exit()).as(ingested.err()).isEqualTo(ExitCodes.OK);
    JsonNode summary = ingested.json();
    assertThat(summary.get("files").asInt()).isEqualTo(3);
    assertThat(summary.get("faces").asInt()).isEqualTo(3);
    assertThat(summary.get("skipped_duplicates").asInt()).isZero();
    assertThat(summary.get("errors")).isEmpty();

    for (int p = 0; p < 3; p++) {
      Path probe = probe(p, tmp.resolve("probe" + p + ".jpg"));
      GalleryCli.Run found = search(probe, "--purpose", "missing-person", "--case", "case 9",
          "-k", "3", "--json");
      assertThat(found.exit()).as(found.err()).isEqualTo(ExitCodes.OK);
      JsonNode result = found.json();
      assertThat(result.get("search_id").asText()).hasSize(36);
      JsonNode first = result.get("candidates").get(0);
      assertThat(first.fieldNames()).toIterable()
          .contains("face_id", "subject", "score", "fmr", "source", "crop");
      assertThat(first.get("subject").get("external_ref").asText()).isEqualTo("person_" + p);
      assertThat(first.get("subject").get("display_name").asText()).isEqualTo("person " + p);
      assertThat(first.get("source").asText()).endsWith("person_" + p + "/a.jpg");
      assertThat(Path.of(first.get("crop").asText())).exists();
      assertThat(first.get("score").asDouble())
          .isGreaterThan(result.get("candidates").get(1).get("score").asDouble());
      // the shipped calibration table gives every candidate a false match rate
      assertThat(first.get("fmr").isNumber()).isTrue();
      assertThat(first.get("fmr_bound").asText()).isIn("estimate", "below", "at_least");
    }
    GalleryCli.Run human = search(probe(0, tmp.resolve("p.jpg")), "--purpose", "evaluation",
        "--case", "c");
    assertThat(human.out()).startsWith("Candidates for human review, not identifications");
    assertThat(human.out()).contains("person 0 [person_0, ");
  }

  @Test
  void index_optimize_merges_the_segments_and_searches_still_find_the_subject() {
    enrolments(tmp.resolve("in"));
    for (int p = 0; p < 3; p++) {
      // one ingest per person: each commit leaves a segment of its own
      ingest(tmp.resolve("in").resolve("person_" + p), "--subject-from-folder");
    }
    GalleryCli.Run optimized = run("index", "optimize", "--data", data(), "--segments", "1",
        "--key-file", admin);
    assertThat(optimized.exit()).as(optimized.err()).isEqualTo(ExitCodes.OK);
    assertThat(optimized.out()).startsWith("index merged to 1 segment in ").contains(": 3 faces");
    GalleryCli.Run found = search(probe(2, tmp.resolve("p.jpg")), "--purpose", "evaluation",
        "--case", "c", "--by", "face", "--json");
    assertThat(found.exit()).as(found.err()).isEqualTo(ExitCodes.OK);
    JsonNode first = found.json().get("candidates").get(0);
    assertThat(first.get("subject").get("external_ref").asText()).isEqualTo("person_2");
    assertThat(first.get("matched_faces").asInt()).isEqualTo(1);
    GalleryCli.Run wrong = search(probe(2, tmp.resolve("p.jpg")), "--purpose", "evaluation",
        "--case", "c", "--by", "person");
    assertThat(wrong.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(wrong.err()).contains("search by 'subject' or 'face', got 'person'");
  }

  @Test
  void index_rebuild_replays_the_store_into_an_empty_index_and_searches_still_find_the_subject() {
    enrolments(tmp.resolve("in"));
    ingest(tmp.resolve("in"), "--subject-from-folder");
    GalleryCli.Run rebuilt = run("index", "rebuild", "--data", data(), "--commit-every", "1",
        "--key-file", admin);
    assertThat(rebuilt.exit()).as(rebuilt.err()).isEqualTo(ExitCodes.OK);
    assertThat(rebuilt.err()).startsWith("Rebuilding ").contains("index rebuild: sequence 3 of 3");
    assertThat(rebuilt.out()).contains(" rebuilt in ").contains(": 3 additions and 0 deletions");
    GalleryCli.Run found = search(probe(2, tmp.resolve("p.jpg")), "--purpose", "evaluation",
        "--case", "c", "--by", "face", "--json");
    assertThat(found.exit()).as(found.err()).isEqualTo(ExitCodes.OK);
    assertThat(found.json().get("candidates").get(0).get("subject").get("external_ref").asText())
        .isEqualTo("person_2");
  }

  @Test
  void backend_options_without_their_companion_are_usage_errors() {
    Path data = tmp.resolve("fresh");
    GalleryCli.Run solr = run("index", "rebuild", "--data", data, "--index", "solr");
    assertThat(solr.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(solr.err()).contains("--index solr needs --solr-zk HOST:PORT[/CHROOT]");
    GalleryCli.Run zk = run("index", "rebuild", "--data", data, "--solr-zk", "zk:2181");
    assertThat(zk.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(zk.err()).contains("--solr-zk needs --index solr");
    GalleryCli.Run badZk = run("index", "rebuild", "--data", data, "--index", "solr",
        "--solr-zk", "zk/solr");
    assertThat(badZk.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badZk.err()).contains("--solr-zk expects HOST:PORT[/CHROOT], got 'zk/solr'");
    GalleryCli.Run pg = run("index", "rebuild", "--data", data, "--store", "postgres");
    assertThat(pg.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(pg.err()).contains("--store postgres needs --jdbc-url jdbc:postgresql://HOST:PORT/DATABASE");
    GalleryCli.Run url = run("index", "rebuild", "--data", data, "--jdbc-url",
        "jdbc:postgresql://db/candor");
    assertThat(url.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(url.err()).contains("--jdbc-url needs --store postgres");
    GalleryCli.Run help = run("serve", "--help");
    assertThat(help.out()).contains("--index=KIND", "--solr-zk=HOST:PORT[/CHROOT]",
        "--solr-collection=NAME", "--store=KIND", "--jdbc-url=URL");
  }

  @Test
  void a_rerun_skips_duplicates_and_a_bad_file_fails_the_run_but_not_the_rest() throws IOException {
    enrolments(tmp.resolve("in"));
    Path broken = Files.writeString(tmp.resolve("in/person_0/broken.jpg"), "not an image");
    GalleryCli.Run first = ingest(tmp.resolve("in"), "--subject-from-folder");
    assertThat(first.exit()).isEqualTo(ExitCodes.FAILED);
    JsonNode summary = first.json();
    assertThat(summary.get("files").asInt()).isEqualTo(4);
    assertThat(summary.get("faces").asInt()).isEqualTo(3);
    assertThat(summary.get("errors")).hasSize(1);
    assertThat(summary.get("errors").get(0).get("file").asText()).isEqualTo(broken.toString());
    assertThat(summary.get("errors").get(0).get("error").asText()).startsWith(broken + ": ");
    assertThat(first.err()).contains("candor: " + broken + ": ");

    Files.delete(broken);
    // as if the first run had crashed between committing a face and writing its crop
    Path crop;
    try (var crops = Files.walk(data().resolve("crops"))) {
      crop = crops.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    Files.delete(crop);
    GalleryCli.Run again = ingest(tmp.resolve("in"), "--subject-from-folder");
    assertThat(again.exit()).isEqualTo(ExitCodes.OK);
    assertThat(again.json().get("skipped_duplicates").asInt()).isEqualTo(3);
    assertThat(again.json().get("files_restored").asInt()).isEqualTo(1);
    assertThat(again.json().get("faces").asInt()).isZero();
    assertThat(crop).exists();
  }

  @Test
  void ingest_requires_a_lawful_basis() {
    GalleryCli.Run r = run("ingest", "--data", data(), "--collection", "people", tmp);
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Missing required options: '--lawful-basis=KIND', '--basis-ref=REF'");
  }

  @Test
  void search_requires_a_purpose_from_the_list_and_a_case() {
    Path probe = probe(0, tmp.resolve("p.jpg"));
    GalleryCli.Run noPurpose = search(probe, "--case", "c");
    assertThat(noPurpose.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noPurpose.err()).isEqualTo("candor: a search requires a purpose, one of " + PURPOSES
        + System.lineSeparator());
    GalleryCli.Run badPurpose = search(probe, "--purpose", "curiosity", "--case", "c");
    assertThat(badPurpose.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badPurpose.err()).isEqualTo("candor: unknown search purpose 'curiosity', expected"
        + " one of " + PURPOSES + System.lineSeparator());
    GalleryCli.Run noCase = search(probe, "--purpose", "missing-person");
    assertThat(noCase.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(noCase.err()).isEqualTo("candor: a search requires a case reference"
        + System.lineSeparator());
  }

  @Test
  void erase_prints_a_receipt_and_the_subject_leaves_the_listing() {
    enrolments(tmp.resolve("in"));
    ingest(tmp.resolve("in"), "--subject-from-folder");
    GalleryCli.Run listed = run("subjects", "--data", data(), "--collection", "people", "--json",
        "--key-file", enroller);
    assertThat(listed.exit()).as(listed.err()).isEqualTo(ExitCodes.OK);
    JsonNode subjects = listed.json().get("subjects");
    assertThat(subjects).hasSize(3);
    String id = subjects.get(0).get("id").asText();
    assertThat(subjects.get(0).get("basis").get("kind").asText()).isEqualTo("consent");
    assertThat(subjects.get(0).get("faces").asInt()).isEqualTo(1);

    GalleryCli.Run erased = run("erase", "--data", data(), "--subject", id, "--json",
        "--key-file", enroller);
    assertThat(erased.exit()).as(erased.err()).isEqualTo(ExitCodes.OK);
    JsonNode receipt = erased.json();
    assertThat(receipt.get("faces_erased").asInt()).isEqualTo(1);
    assertThat(receipt.get("media_erased").asInt()).isEqualTo(1);
    assertThat(receipt.get("subjects_erased").asInt()).isEqualTo(1);
    assertThat(receipt.get("files_deleted").asInt()).isEqualTo(1);
    assertThat(receipt.get("what").asText()).isEqualTo("subject " + id);

    assertThat(run("subjects", "--data", data(), "--json", "--key-file", enroller).json()
        .get("subjects")).hasSize(2);
    GalleryCli.Run again = run("erase", "--data", data(), "--subject", id, "--key-file", enroller);
    assertThat(again.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(again.err()).isEqualTo("candor: subject " + id + " does not exist" + System.lineSeparator());
  }

  @Test
  void erase_an_image_by_digest_and_refuse_a_malformed_one() throws IOException {
    enrolments(tmp.resolve("in"));
    ingest(tmp.resolve("in"));
    String sha = sha256(Files.readAllBytes(tmp.resolve("in/person_1/a.jpg")));
    GalleryCli.Run human = run("erase", "--data", data(), "--media", sha, "--collection", "people",
        "--key-file", enroller);
    assertThat(human.exit()).as(human.err()).isEqualTo(ExitCodes.OK);
    assertThat(human.out()).startsWith("erased media " + sha + " at ")
        .contains(": 1 face, 1 image, 0 subjects; 1 file deleted; audit entry #");
    GalleryCli.Run bad = run("erase", "--data", data(), "--media", "xyz", "--key-file", enroller);
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).isEqualTo("candor: media must be a SHA-256: 64 hex digits, got 'xyz'"
        + System.lineSeparator());
  }

  @Test
  void collections_lists_what_the_admin_created() {
    GalleryCli.Run created = run("collections", "create", "archive", "--data", data(),
        "--purpose", "press archive", "--lawful-basis", "authority", "--basis-ref", "Act 12",
        "--retention", "P2Y", "--keep-originals", "--key-file", admin);
    assertThat(created.exit()).as(created.err()).isEqualTo(ExitCodes.OK);
    assertThat(created.out()).startsWith("created archive: purpose \"press archive\"; default"
        + " lawful basis authority \"Act 12\"; retention P2Y; originals kept; created ");
    GalleryCli.Run listed = run("collections", "--data", data(), "--json", "--key-file", admin);
    JsonNode collections = listed.json().get("collections");
    assertThat(collections).hasSize(2);
    assertThat(collections.get(0).get("name").asText()).isEqualTo("archive");
    assertThat(collections.get(1).get("name").asText()).isEqualTo("people");
    assertThat(collections.get(1).get("purpose").asText()).isEqualTo("form 7");
    assertThat(collections.get(1).get("default_basis").get("kind").asText()).isEqualTo("consent");
    assertThat(collections.get(1).get("retention").asText()).isEqualTo("P1Y");
  }

  @Test
  void ingests_zip_entries_and_an_eval_ident_run_reports_rank_1() throws IOException {
    Path zip = tmp.resolve("set.zip");
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      for (int p = 0; p < 3; p++) {
        Path enrol = GalleryCli.person(p, 0.8, 200, tmp.resolve("e" + p + ".jpg"));
        z.putNextEntry(new ZipEntry("set/person_" + p + "/person_" + p + "_0001.jpg"));
        z.write(Files.readAllBytes(enrol));
        z.closeEntry();
      }
    }
    GalleryCli.Run ingested = ingest(zip, "--subject-from-folder");
    assertThat(ingested.exit()).as(ingested.err()).isEqualTo(ExitCodes.OK);
    assertThat(ingested.json().get("faces").asInt()).isEqualTo(3);

    // the protocol's layout: a folder per person, the first image enrolled, the others probes
    Path dataset = tmp.resolve("dataset");
    for (int p = 0; p < 3; p++) {
      GalleryCli.person(p, 0.8, 200, dataset.resolve("person_" + p + "/person_" + p + "_0001.jpg"));
      probe(p, dataset.resolve("person_" + p + "/person_" + p + "_0002.jpg"));
    }
    GalleryCli.Run eval = search("--eval-ident", dataset, "--purpose", "evaluation", "--case",
        "ci", "--json");
    assertThat(eval.exit()).as(eval.err()).isEqualTo(ExitCodes.OK);
    assertThat(eval.json().get("probes").asInt()).isEqualTo(3);
    assertThat(eval.json().get("rank1").asDouble()).isEqualTo(1.0);
    GalleryCli.Run refused = search("--eval-ident", dataset, "--purpose", "missing-person",
        "--case", "ci");
    assertThat(refused.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(refused.err()).isEqualTo("candor: --eval-ident runs searches with purpose"
        + " evaluation only, got missing-person" + System.lineSeparator());
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
