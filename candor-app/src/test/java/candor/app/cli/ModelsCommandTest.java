package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import candor.vision.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins down {@code candor models}: what list reports, and install keeping only a file whose hash matches. */
class ModelsCommandTest {
  @TempDir Path data;

  private static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static String packLine(String out, String pack) {
    return out.lines().filter(l -> l.startsWith(pack + "  [")).findFirst().orElseThrow();
  }

  @Test
  void list_shows_the_shipped_pack_installed_and_yunet_not() {
    Cli.Run run = Cli.run("models", "list", "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(packLine(run.out(), "default")).startsWith("default  [installed]  RFB-320 detector");
    assertThat(packLine(run.out(), "yunet")).startsWith("yunet  [not installed]  YuNet 2023mar detector");
    assertThat(run.out()).contains("face_detection_yunet_2023mar.onnx", "MISSING (sha256 " + Cli.YUNET_SHA + ")");
    assertThat(run.out()).contains(Cli.ROOT.resolve("models").resolve("fr_feature_split.onnx").toString());
  }

  @Test
  void install_with_a_wrong_hash_installs_nothing() throws IOException {
    Path file = Files.writeString(data.resolve("fake.onnx"), "not the model");
    String wrong = "ab".repeat(32);
    Cli.Run run = Cli.run("models", "install", file, "--sha256", wrong, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: " + file + ": SHA-256 is " + OnnxModel.sha256(file) + ", expected " + wrong
        + "; nothing installed" + System.lineSeparator());
    assertThat(filesIn(data.resolve("models"))).isEmpty();
  }

  @Test
  void install_rejects_a_hash_that_is_not_64_hex_digits() throws IOException {
    Path file = Files.writeString(data.resolve("fake.onnx"), "not the model");
    Cli.Run run = Cli.run("models", "install", file, "--sha256", "WRONG", "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: --sha256 must be 64 hex digits, got 'WRONG'" + System.lineSeparator());
    assertThat(data.resolve("models")).doesNotExist();
  }

  @Test
  void install_of_a_missing_file_leaves_nothing() throws IOException {
    Path missing = data.resolve("nope.onnx");
    Cli.Run run = Cli.run("models", "install", missing, "--sha256", Cli.YUNET_SHA, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: " + missing + ": file not found" + System.lineSeparator());
    assertThat(filesIn(data.resolve("models"))).isEmpty();
  }

  @Test
  void install_with_the_right_hash_makes_the_yunet_pack_usable() throws IOException {
    assumeTrue(Files.isRegularFile(Cli.YUNET), "YuNet model absent at " + Cli.YUNET + ": skipping the install test");
    Path target = data.resolve("models").resolve("face_detection_yunet_2023mar.onnx");
    Cli.Run run = Cli.run("models", "install", Cli.YUNET, "--sha256", Cli.YUNET_SHA.toUpperCase(), "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("installed " + target + " (" + Files.size(Cli.YUNET) + " bytes, sha256 "
        + Cli.YUNET_SHA + ")" + System.lineSeparator());
    assertThat(filesIn(data.resolve("models"))).containsExactly(target);

    Cli.Run list = Cli.run("models", "list", "--data", data);
    assertThat(packLine(list.out(), "yunet")).startsWith("yunet  [installed]");
    assertThat(list.out()).contains(target.toString());

    Cli.Run detect = Cli.run("detect", Cli.fixture(3), "--model-pack", "yunet", "--data", data);
    assertThat(detect.exit()).as(detect.err()).isZero();
    assertThat(detect.out()).startsWith(Cli.fixture(3) + ": 3 faces (800x563)");
  }

  @Test
  void the_yunet_pack_without_its_detector_says_how_to_install_it() {
    Cli.Run run = Cli.run("detect", Cli.fixture(3), "--model-pack", "yunet", "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("candor: model file face_detection_yunet_2023mar.onnx not found in ")
        .contains("install it with: candor models install FILE --sha256 " + Cli.YUNET_SHA);
  }
}
