package candor.app.cli.gallery;

import static candor.app.cli.gallery.GalleryCli.enrolments;
import static candor.app.cli.gallery.GalleryCli.probe;
import static candor.app.cli.gallery.GalleryCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import candor.app.cli.ExitCodes;
import candor.vision.onnx.OnnxModel;
import candor.vision.onnx.ScrfdGraphs;
import candor.vision.onnx.TinyGraphs;
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
 * Pins down {@code candor gallery migrate} end to end on the command line: an admin's action
 * (others refused, audited), re-templating every face while searches use the current pack and
 * name it, the status, the switch, searches on the new pack after it, the transparency report
 * naming the pack and its licence, and the refusals (another dimension, an old --model-pack).
 *
 * <p>The second pack is a descriptor of one's own: the shipped models fed R,G,B planes.
 */
class GalleryMigrateCommandTest {

  private static final String RGB = """
      name=rgb
      description=the shipped models, R,G,B input
      detector=rfb320
      detector.file=fr_detect.onnx
      detector.sha256=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
      detector.zoomOut=0.5
      landmarker=landmark68
      landmarker.file=fr_landmark.onnx
      landmarker.sha256=f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258
      embedder=arcface112
      embedder.file=fr_feature.onnx
      embedder.sha256=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
      embedder.channels=RGB
      embedder.dim=512
      embedder.id=rgb-512-rgb-87aacdfe
      licence=MIT
      licence.use=open
      licence.trainingData=not documented by the source package
      """;

  @TempDir Path tmp;
  private Path admin;
  private Path enroller;
  private Path investigator;

  private Path data() {
    return tmp.resolve("data");
  }

  @BeforeEach
  void bootstrap() throws IOException {
    admin = key("admin", null, "ops");
    GalleryCli.Run created = run("collections", "create", "people", "--data", data(), "--purpose", "form 7",
        "--lawful-basis", "consent", "--basis-ref", "form 7", "--keep-originals", "--key-file", admin);
    assertThat(created.exit()).as(created.err()).isEqualTo(ExitCodes.OK);
    enroller = key("enroller", "people", "erin");
    investigator = key("investigator", "people", "ivan");
    Path descriptor = Files.writeString(tmp.resolve("rgb.pack.properties"), RGB);
    GalleryCli.Run installed = run("models", "install", descriptor, "--data", data());
    assertThat(installed.exit()).as(installed.err()).isEqualTo(ExitCodes.OK);
    enrolments(tmp.resolve("in"));
    GalleryCli.Run ingested = run("ingest", tmp.resolve("in"), "--subject-from-folder", "--data", data(),
        "--collection", "people", "--lawful-basis", "consent", "--basis-ref", "form 7", "--key-file", enroller);
    assertThat(ingested.exit()).as(ingested.err()).isEqualTo(ExitCodes.OK);
  }

  private Path key(String role, String collections, String name) throws IOException {
    List<Object> args = new ArrayList<>(List.of("keys", "create", "--data", data(), "--role", role, "--name", name));
    if (collections != null) {
      args.addAll(List.of("--collections", collections));
    }
    GalleryCli.Run r = run(args.toArray());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    return Files.writeString(tmp.resolve(name + ".key"), r.out().strip());
  }

  private JsonNode search(int person, Object... extra) {
    List<Object> args = new ArrayList<>(List.of("search", probe(person, tmp.resolve("probe" + person + ".jpg")),
        "--data", data(), "--collection", "people", "--purpose", "evaluation", "--case", "c", "-k", "2", "--json",
        "--key-file", investigator));
    args.addAll(List.of(extra));
    GalleryCli.Run r = run(args.toArray());
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    return r.json();
  }

  @Test
  void moves_the_gallery_to_another_pack_and_searches_name_the_pack_they_used() {
    GalleryCli.Run denied = run("gallery", "migrate", "--to-pack", "rgb", "--data", data(), "--key-file", enroller);
    assertThat(denied.exit()).isEqualTo(ExitCodes.DENIED);
    assertThat(denied.err()).contains("may not move the gallery to another model pack");

    GalleryCli.Run migrated = run("gallery", "migrate", "--to-pack", "rgb", "--data", data(), "--key-file", admin);
    assertThat(migrated.exit()).as(migrated.err()).isEqualTo(ExitCodes.OK);
    assertThat(migrated.err()).contains("Starting the migration of 3 faces from pack default (mbf512-bgr-87aacdfe)"
        + " to rgb (rgb-512-rgb-87aacdfe): 3 to re-template");
    assertThat(migrated.out()).containsPattern("migration [0-9a-f-]{36} to pack rgb: 3 of 3 faces have a"
        + " rgb-512-rgb-87aacdfe template, 0 cannot be embedded, 0 to go");

    JsonNode during = search(1);
    assertThat(during.get("pack").asText()).isEqualTo("default");
    assertThat(during.get("model_id").asText()).isEqualTo("mbf512-bgr-87aacdfe");
    assertThat(during.get("candidates").get(0).get("subject").get("external_ref").asText()).isEqualTo("person_1");

    GalleryCli.Run status = run("gallery", "migrate", "--status", "--data", data(), "--key-file", admin);
    assertThat(status.exit()).as(status.err()).isEqualTo(ExitCodes.OK);
    assertThat(status.out()).contains("current pack: default (mbf512-bgr-87aacdfe", " default -> rgb, running",
        "  3 of 3 faces re-templated, 0 cannot be embedded, 0 to go", "  3 faces with rgb-512-rgb-87aacdfe templates",
        "  3 faces with mbf512-bgr-87aacdfe templates");

    GalleryCli.Run switched = run("gallery", "migrate", "--to-pack", "rgb", "--switch", "--data", data(),
        "--key-file", admin);
    assertThat(switched.exit()).as(switched.err()).isEqualTo(ExitCodes.OK);
    assertThat(switched.out()).contains("switched: pack rgb (rgb-512-rgb-87aacdfe) is the gallery's current pack;"
        + " 3 mbf512-bgr-87aacdfe templates deleted from the store and the index (audit entry #");

    JsonNode after = search(2);
    assertThat(after.get("pack").asText()).isEqualTo("rgb");
    assertThat(after.get("candidates").get(0).get("subject").get("external_ref").asText()).isEqualTo("person_2");
    GalleryCli.Run oldPack = run("search", probe(0, tmp.resolve("p.jpg")), "--data", data(), "--collection", "people",
        "--purpose", "evaluation", "--case", "c", "--model-pack", "default", "--key-file", investigator);
    assertThat(oldPack.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(oldPack.err()).isEqualTo("candor: the gallery's current pack is rgb (templates rgb-512-rgb-87aacdfe);"
        + " --model-pack default makes mbf512-bgr-87aacdfe templates, which it does not hold: leave --model-pack out"
        + System.lineSeparator());

    GalleryCli.Run report = run("transparency", "--data", data(), "--key-file", admin);
    assertThat(report.exit()).as(report.err()).isEqualTo(ExitCodes.OK);
    assertThat(report.out()).contains("templates rgb-512-rgb-87aacdfe: 3 faces, pack rgb, licence MIT (open;"
        + " training data: not documented by the source package)");
    GalleryCli.Run verify = run("audit", "verify", "--data", data());
    assertThat(verify.exit()).as(verify.out() + verify.err()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void refuses_a_pack_whose_templates_do_not_fit_the_index() throws IOException {
    Path folder = tmp.resolve("tiny");
    Path det = ScrfdGraphs.oneFace(folder.resolve("det_10g.onnx"), 640, true, false,
        new ScrfdGraphs.Anchor(16, 12, 20, 0, 0.95f, new float[] {3, 4, 3, 4},
            new float[] {-1.2f, -1, 1.2f, -1, 0, 0.4f, -0.9f, 1.8f, 0.9f, 1.8f}));
    float[] w = new float[3 * 128];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.cos(0.3 * i);
    }
    Path rec = TinyGraphs.pooledEmbedder(folder.resolve("w600k_tiny.onnx"), 112, w, 128);
    GalleryCli.Run installed = run("models", "install", folder, "--pack", "tiny", "--layout", "insightface",
        "--sha256", "det_10g.onnx=" + OnnxModel.sha256(det), "--sha256", "w600k_tiny.onnx=" + OnnxModel.sha256(rec),
        "--accept-licence", "InsightFace-non-commercial", "--data", data());
    assertThat(installed.exit()).as(installed.err()).isEqualTo(ExitCodes.OK);
    GalleryCli.Run r = run("gallery", "migrate", "--to-pack", "tiny", "--data", data(), "--key-file", admin);
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo("candor: pack tiny makes 128-d templates, the gallery's index holds 512-d ones:"
        + " a migration keeps one index" + System.lineSeparator());
  }
}
