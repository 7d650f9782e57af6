package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins down {@code candor detect}: the JSON shape, human output, drawing, and one bad file not stopping the rest. */
class DetectCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void json_has_exactly_the_documented_keys() throws IOException {
    Cli.Run run = Cli.run("detect", Cli.fixture(3), "--json", "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode images = JSON.readTree(run.out());
    assertThat(images.isArray()).isTrue();
    assertThat(images).hasSize(1);
    JsonNode image = images.get(0);
    assertThat(keys(image)).containsExactly("file", "faces", "error");
    assertThat(image.get("file").asText()).isEqualTo(Cli.fixture(3).toString());
    assertThat(image.get("error").isNull()).isTrue();
    assertThat(image.get("faces")).hasSize(3);
    for (JsonNode face : image.get("faces")) {
      assertThat(keys(face)).containsExactly("box", "score", "landmarks", "pose", "quality");
      assertThat(face.get("box")).hasSize(4);
      assertThat(face.get("score").asDouble()).isBetween(0.8, 1.0);
      assertThat(face.get("landmarks")).hasSize(5);
      for (JsonNode point : face.get("landmarks")) {
        assertThat(point).hasSize(2);
      }
      assertThat(keys(face.get("pose"))).containsExactly("yaw", "pitch", "roll");
      assertThat(keys(face.get("quality"))).containsExactly("score", "reasons");
      assertThat(face.get("quality").get("score").asDouble()).isBetween(0.0, 1.0);
      assertThat(face.get("quality").get("reasons").isArray()).isTrue();
    }
  }

  @Test
  void prints_one_line_per_image_and_per_face() {
    Cli.Run run = Cli.run("detect", Cli.fixture(5), "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(Cli.fixture(5) + ": 5 faces (800x583)");
    assertThat(lines).hasSize(6);
    assertThat(lines.subList(1, 6)).allMatch(l -> l.matches("  #\\d box=\\[\\d+,\\d+,\\d+,\\d+] score=.*quality=.*"));
  }

  @Test
  void a_bad_file_gets_an_error_and_the_others_are_still_processed() throws IOException {
    Path empty = Files.createFile(data.resolve("empty.jpg"));
    Path text = Files.writeString(data.resolve("text.jpg"), "this is not a picture\n");
    Path missing = data.resolve("missing.jpg");
    Cli.Run run = Cli.run("detect", Cli.fixture(1), empty, text, missing, "--json", "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    List<String> errors = run.err().lines().toList();
    assertThat(errors).hasSize(3);
    assertThat(errors.get(0)).startsWith("candor: " + empty + ": ");
    assertThat(errors.get(1)).startsWith("candor: " + text + ": ");
    assertThat(errors.get(2)).isEqualTo("candor: " + missing + ": no such file");

    JsonNode images = JSON.readTree(run.out());
    assertThat(images).hasSize(4);
    assertThat(images.get(0).get("error").isNull()).isTrue();
    assertThat(images.get(0).get("faces")).hasSize(3);
    for (int i = 1; i < 4; i++) {
      JsonNode bad = images.get(i);
      assertThat(bad.get("faces")).isEmpty();
      assertThat("candor: " + bad.get("error").asText()).isEqualTo(errors.get(i - 1));
    }
  }

  @Test
  void draw_writes_a_png_per_image() throws IOException {
    Path out = data.resolve("drawn");
    Cli.Run run = Cli.run("detect", Cli.fixture(2), "--draw", out, "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    BufferedImage drawn = ImageIO.read(out.resolve("sample2.faces.png").toFile());
    assertThat(drawn.getWidth()).isEqualTo(800);
    assertThat(drawn.getHeight()).isEqualTo(570);
  }
}
