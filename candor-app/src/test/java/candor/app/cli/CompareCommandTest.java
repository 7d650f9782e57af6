package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins down {@code candor compare}: the JSON shape, match and no match, and an image without a face. */
class CompareCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** The frontal woman on the left of sample3. */
  private Path personA() {
    return Cli.faceCrop(3, 242, 135, 82, 116, 0.6, false, data.resolve("a.jpg"));
  }

  /** The woman on the left of sample6: another person. */
  private Path personB() {
    return Cli.faceCrop(6, 104, 206, 94, 111, 0.5, false, data.resolve("b.jpg"));
  }

  @Test
  void the_same_image_matches() throws IOException {
    Path a = personA();
    Cli.Run run = Cli.run("compare", a, a, "--json", "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode result = JSON.readTree(run.out());
    assertThat(keys(result)).containsExactly("similarity", "match", "threshold", "faces");
    assertThat(result.get("similarity").asDouble()).isGreaterThan(0.99);
    assertThat(result.get("match").asBoolean()).isTrue();
    assertThat(result.get("threshold").asDouble()).isEqualTo(CompareCommand.DEFAULT_THRESHOLD);
    assertThat(result.get("faces")).hasSize(2);
    assertThat(keys(result.get("faces").get(0))).containsExactly("box", "score", "landmarks", "pose", "quality");
  }

  @Test
  void the_same_person_in_a_mirrored_crop_matches() throws IOException {
    Path a = personA();
    Path mirrored = Cli.faceCrop(3, 242, 135, 82, 116, 0.8, true, data.resolve("a-mirrored.jpg"));
    JsonNode result = JSON.readTree(Cli.run("compare", a, mirrored, "--json", "--data", data).out());
    assertThat(result.get("similarity").asDouble()).isGreaterThan(0.8);
    assertThat(result.get("match").asBoolean()).isTrue();
  }

  @Test
  void two_different_people_do_not_match() throws IOException {
    Cli.Run run = Cli.run("compare", personA(), personB(), "--json", "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode result = JSON.readTree(run.out());
    assertThat(result.get("similarity").asDouble()).isLessThan(CompareCommand.DEFAULT_THRESHOLD);
    assertThat(result.get("match").asBoolean()).isFalse();
  }

  @Test
  void prints_the_decision_for_people() {
    Path a = personA();
    Cli.Run run = Cli.run("compare", a, personB(), "--threshold", "0.99", "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().lines().findFirst().orElseThrow()).matches("similarity -?\\d\\.\\d{3}: no match \\(threshold 0\\.99\\)");
  }

  @Test
  void an_image_without_a_face_fails_with_its_name() {
    Path blank = Cli.blank(data.resolve("blank.jpg"));
    Cli.Run run = Cli.run("compare", personA(), blank, "--json", "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).isEqualTo("candor: " + blank + ": no face found" + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }
}
