package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import candor.vision.onnx.OnnxModel;
import candor.vision.onnx.ScrfdGraphs;
import candor.vision.onnx.TinyGraphs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins down {@code candor models install} for packs: an EdgeFace embedder behind YuNet (from
 * ../shared; skipped when absent), an InsightFace-layout folder (tiny generated graphs: ../shared
 * holds no InsightFace files), a descriptor of one's own, and the refusals that leave the store as
 * it was: a licence not accepted, a SHA-256 that differs, a descriptor whose shapes disagree with
 * its graphs.
 */
class ModelsInstallPackTest {
  static final Path EDGEFACE_XS = Cli.YUNET.getParent().resolveSibling("edgeface").resolve("edgeface_xs.onnx");
  static final String EDGEFACE_XS_SHA = "c598d71fd4e97d3449e7f8b22824ab1870509c901c34a79bf3e7a9f150e67672";
  private static final String NL = System.lineSeparator();

  @TempDir Path data;
  @TempDir Path downloads;

  private List<String> storeFiles() throws IOException {
    Path store = data.resolve("models");
    if (!Files.isDirectory(store)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(store)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void installYunet() {
    Cli.Run yunet = Cli.run("models", "install", Cli.YUNET, "--sha256", Cli.YUNET_SHA, "--data", data);
    assertThat(yunet.exit()).as(yunet.err()).isZero();
  }

  /** An InsightFace-shaped folder of tiny graphs: an SCRFD detector with one face, a pooling recogniser. */
  private Path insightFolder() {
    Path folder = downloads.resolve("buffalo_tiny");
    ScrfdGraphs.oneFace(folder.resolve("det_10g.onnx"), 640, true, false,
        new ScrfdGraphs.Anchor(16, 12, 20, 0, 0.95f, new float[] {3, 4, 3, 4},
            new float[] {-1.2f, -1, 1.2f, -1, 0, 0.4f, -0.9f, 1.8f, 0.9f, 1.8f}));
    float[] w = new float[3 * 512];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.cos(0.11 * i);
    }
    TinyGraphs.pooledEmbedder(folder.resolve("w600k_r50.onnx"), 112, w, 512);
    return folder;
  }

  private static String sha(Path file) throws IOException {
    return OnnxModel.sha256(file);
  }

  @Test
  void installs_an_edgeface_embedder_behind_yunet_once_its_licence_is_accepted() throws IOException {
    assumeTrue(Files.isRegularFile(Cli.YUNET) && Files.isRegularFile(EDGEFACE_XS),
        "YuNet or EdgeFace model absent under ../shared/models: skipping the EdgeFace install test");
    installYunet();
    Cli.Run run = Cli.run("models", "install", EDGEFACE_XS, "--pack", "edgeface-xs", "--layout", "edgeface",
        "--sha256", EDGEFACE_XS_SHA, "--accept-licence", "CC-BY-NC-SA-4.0", "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    Path descriptor = data.resolve("models/edgeface-xs.pack.properties");
    assertThat(run.out()).startsWith("installed pack edgeface-xs (" + descriptor + ")" + NL)
        .contains("  embedder edgeface_xs.onnx: input [1, 3, 112, 112], outputs ")
        .contains("  template model id edgeface-xs-512-rgb-c598d71f" + NL)
        .contains("  licence CC-BY-NC-SA-4.0 (research-only; training data: WebFace12M (research-only terms);"
            + " accepted by " + System.getProperty("user.name") + " ");
    assertThat(storeFiles()).containsExactly("edgeface-xs.pack.properties", "edgeface_xs.onnx",
        "face_detection_yunet_2023mar.onnx");
    assertThat(Files.readString(descriptor)).contains("embedder.channels=RGB", "embedder.mean=127.5",
        "embedder.std=127.5", "embedder.dim=512", "licence.use=research-only", "detector=yunet");

    Cli.Run list = Cli.run("models", "list", "--data", data);
    assertThat(list.out()).contains("edgeface-xs  [installed]  EdgeFace embedder edgeface_xs.onnx behind the YuNet"
        + " 2023mar detector", "    templates: edgeface-xs-512-rgb-c598d71f (512-d, RGB)",
        "    licence: CC-BY-NC-SA-4.0 (research-only;");
    Cli.Run detect = Cli.run("detect", Cli.fixture(3), "--model-pack", "edgeface-xs", "--data", data);
    assertThat(detect.exit()).as(detect.err()).isZero();
    assertThat(detect.out()).startsWith(Cli.fixture(3) + ": 3 faces (800x563)");
  }

  @Test
  void refuses_a_research_only_pack_without_accept_licence_and_keeps_nothing() throws IOException {
    assumeTrue(Files.isRegularFile(EDGEFACE_XS), "EdgeFace model absent under ../shared/models: skipping");
    Cli.Run run = Cli.run("models", "install", EDGEFACE_XS, "--pack", "edgeface-xs", "--layout", "edgeface",
        "--sha256", EDGEFACE_XS_SHA, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: pack 'edgeface-xs': its models are licensed CC-BY-NC-SA-4.0"
        + " (research-only; training data: WebFace12M (research-only terms)), see https://github.com/otroshi/edgeface."
        + " Install it only if your use is allowed, with --accept-licence CC-BY-NC-SA-4.0; nothing installed" + NL);
    Cli.Run other = Cli.run("models", "install", EDGEFACE_XS, "--pack", "edgeface-xs", "--layout", "edgeface",
        "--sha256", EDGEFACE_XS_SHA, "--accept-licence", "MIT", "--data", data);
    assertThat(other.err()).contains("with --accept-licence CC-BY-NC-SA-4.0 (you accepted 'MIT'); nothing installed");
    assertThat(storeFiles()).isEmpty();
  }

  @Test
  void refuses_a_pack_file_whose_sha256_differs_and_keeps_nothing() throws IOException {
    Path folder = insightFolder();
    Path det = folder.resolve("det_10g.onnx");
    String wrong = "0".repeat(64);
    Cli.Run run = Cli.run("models", "install", folder, "--pack", "buffalo-tiny", "--layout", "insightface",
        "--sha256", "det_10g.onnx=" + wrong, "--sha256", "w600k_r50.onnx=" + sha(folder.resolve("w600k_r50.onnx")),
        "--accept-licence", "InsightFace-non-commercial", "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: " + det + ": SHA-256 is " + sha(det) + ", expected " + wrong
        + "; nothing installed" + NL);
    assertThat(storeFiles()).isEmpty();
  }

  @Test
  void names_the_hash_a_folder_install_lacks() throws IOException {
    Path folder = insightFolder();
    Cli.Run run = Cli.run("models", "install", folder, "--pack", "buffalo-tiny", "--layout", "insightface",
        "--sha256", "det_10g.onnx=" + sha(folder.resolve("det_10g.onnx")),
        "--accept-licence", "InsightFace-non-commercial", "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: no --sha256 for w600k_r50.onnx: give the SHA-256 its publisher states"
        + " (this file's is " + sha(folder.resolve("w600k_r50.onnx")) + "), as --sha256 w600k_r50.onnx=HASH;"
        + " nothing installed" + NL);
  }

  @Test
  void installs_an_insightface_folder_with_its_scrfd_detector() throws IOException {
    Path folder = insightFolder();
    Cli.Run run = Cli.run("models", "install", folder, "--pack", "buffalo-tiny", "--layout", "insightface",
        "--sha256", "det_10g.onnx=" + sha(folder.resolve("det_10g.onnx")),
        "--sha256", "w600k_r50.onnx=" + sha(folder.resolve("w600k_r50.onnx")),
        "--accept-licence", "InsightFace-non-commercial", "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("  detector det_10g.onnx: input [1, 3, -1, -1], outputs 448[12800, 1] ",
        "  template model id buffalo-tiny-512-rgb-" + sha(folder.resolve("w600k_r50.onnx")).substring(0, 8) + NL,
        "  licence InsightFace-non-commercial (non-commercial; training data: WebFace600K (non-commercial research"
            + " terms); accepted by ");
    assertThat(storeFiles()).containsExactly("buffalo-tiny.pack.properties", "det_10g.onnx", "w600k_r50.onnx");
    // the tiny detector finds its one face wherever it looks; its key points feed the alignment
    Cli.Run detect = Cli.run("detect", Cli.fixture(1), "--model-pack", "buffalo-tiny", "--json", "--data", data);
    assertThat(detect.exit()).as(detect.err()).isZero();
    assertThat(detect.out()).contains("\"landmarks\"");
    Cli.Run again = Cli.run("models", "install", folder, "--pack", "buffalo-tiny", "--layout", "insightface",
        "--sha256", "det_10g.onnx=" + sha(folder.resolve("det_10g.onnx")),
        "--sha256", "w600k_r50.onnx=" + sha(folder.resolve("w600k_r50.onnx")),
        "--accept-licence", "InsightFace-non-commercial", "--data", data);
    assertThat(again.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(again.err()).isEqualTo("candor: pack 'buffalo-tiny' is already installed ("
        + data.resolve("models/buffalo-tiny.pack.properties") + "); choose another name or remove that file first" + NL);
  }

  @Test
  void refuses_a_descriptor_whose_shapes_disagree_with_its_graphs() throws IOException {
    Path folder = insightFolder();
    Path rec = folder.resolve("w600k_r50.onnx");
    Path descriptor = Files.writeString(folder.resolve("mine.pack.properties"), """
        name=mine
        detector=scrfd
        detector.file=det_10g.onnx
        detector.sha256=%s
        embedder=arcface
        embedder.file=w600k_r50.onnx
        embedder.sha256=%s
        embedder.channels=RGB
        embedder.mean=127.5
        embedder.std=127.5
        embedder.dim=128
        embedder.id=mine-128
        licence=Apache-2.0
        licence.use=open
        """.formatted(sha(folder.resolve("det_10g.onnx")), sha(rec)));
    Cli.Run run = Cli.run("models", "install", descriptor, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).isEqualTo("candor: pack mine, embedder (arcface): " + rec + ": expected a 128-d template"
        + " (embedder.dim=128), the graph declares output output [1, 512]; nothing installed" + NL);
    assertThat(storeFiles()).isEmpty();

    Files.writeString(descriptor, Files.readString(descriptor).replace("embedder.dim=128", "embedder.dim=512")
        .replace("mine-128", "mine-512"));
    Cli.Run ok = Cli.run("models", "install", descriptor, "--data", data);
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("  licence Apache-2.0 (open)" + NL);
    assertThat(storeFiles()).containsExactly("det_10g.onnx", "mine.pack.properties", "w600k_r50.onnx");
  }
}
