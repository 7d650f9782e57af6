package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins down {@code candor eval lfw} on a tiny LFW-layout data set built from the fixtures, and its usage errors. */
class EvalLfwCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  /**
   * Three people, two photos each: the same face cut twice from one fixture (different margins,
   * the second mirrored), so genuine pairs are easy and impostor pairs are different people.
   */
  private Path dataset() throws IOException {
    Path dir = data.resolve("tiny-lfw");
    int[][] faces = {{3, 242, 135, 82, 116}, {6, 104, 206, 94, 111}, {5, 153, 357, 81, 131}};
    String[] names = {"Ann_A", "Bea_B", "Cat_C"};
    for (int p = 0; p < 3; p++) {
      int[] f = faces[p];
      Path person = dir.resolve(names[p]);
      Cli.faceCrop(f[0], f[1], f[2], f[3], f[4], 0.5, false, person.resolve(names[p] + "_0001.jpg"));
      Cli.faceCrop(f[0], f[1], f[2], f[3], f[4], 0.7, true, person.resolve(names[p] + "_0002.jpg"));
    }
    Files.writeString(dir.resolve("pairs.txt"), """
        2\t2
        Ann_A\t1\t2
        Bea_B\t1\t2
        Ann_A\t1\tBea_B\t1
        Ann_A\t2\tCat_C\t1
        Cat_C\t1\t2
        Bea_B\t1\t2
        Bea_B\t2\tCat_C\t2
        Cat_C\t1\tAnn_A\t2
        """);
    Files.writeString(dir.resolve("female_names.txt"), "Ann_A_0001.jpg\nAnn_A_0002.jpg\nBea_B_0001.jpg\nBea_B_0002.jpg\n");
    return dir;
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void json_reports_the_protocol_figures() throws IOException {
    Cli.Run run = Cli.run("eval", "lfw", "--dataset", dataset(), "--json", "--threads", "1", "--data", data);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode r = JSON.readTree(run.out());
    assertThat(keys(r)).containsExactly("accuracy_mean", "accuracy_std", "tar_far_1e3", "tar_far_1e2", "auc",
        "threshold", "groups", "images_per_second", "pairs", "images_without_face", "model_pack", "yaw_buckets");
    for (String k : List.of("accuracy_mean", "accuracy_std", "tar_far_1e3", "tar_far_1e2", "auc", "threshold")) {
      assertThat(r.get(k).asDouble()).as(k).isBetween(0.0, 1.0);
    }
    // genuine pairs are two cuts of one photo, impostors different people: the protocol must separate them
    assertThat(r.get("accuracy_mean").asDouble()).isEqualTo(1.0);
    assertThat(r.get("accuracy_std").asDouble()).isEqualTo(0.0);
    assertThat(r.get("auc").asDouble()).isEqualTo(1.0);
    assertThat(r.get("tar_far_1e3").asDouble()).isEqualTo(1.0);
    assertThat(r.get("images_per_second").asDouble()).isPositive();
    assertThat(r.get("pairs").asInt()).isEqualTo(8);
    assertThat(r.get("images_without_face").asInt()).isZero();
    assertThat(r.get("model_pack").asText()).isEqualTo("default");
    JsonNode female = r.get("groups").get("female");
    assertThat(keys(r.get("groups"))).containsExactly("female");
    assertThat(keys(female)).containsExactly("fmr", "fnmr", "impostor_pairs", "genuine_pairs");
    assertThat(female.get("impostor_pairs").asInt()).isEqualTo(1); // Ann_A 1 vs Bea_B 1
    assertThat(female.get("genuine_pairs").asInt()).isEqualTo(3);
    assertThat(female.get("fmr").asDouble()).isZero();
    assertThat(female.get("fnmr").asDouble()).isZero();
    JsonNode buckets = r.get("yaw_buckets");
    assertThat(keys(buckets)).containsExactly("<30", "30-60", ">60");
    int bucketed = 0;
    for (JsonNode b : buckets) {
      assertThat(keys(b)).containsExactly("accuracy", "pairs");
      assertThat(b.get("accuracy").asDouble()).isBetween(0.0, 1.0);
      bucketed += b.get("pairs").asInt();
    }
    assertThat(bucketed).as("every pair has two faces, so a bucket").isEqualTo(8);
  }

  @Test
  void a_single_fold_is_bad_usage() throws IOException {
    // k-fold accuracy picks each fold's threshold on the other folds: one fold leaves none to pick on
    Path dir = dataset();
    Files.writeString(dir.resolve("pairs.txt"), "1\t1\nAnn_A\t1\t2\nAnn_A\t1\tBea_B\t1\n");
    Cli.Run run = Cli.run("eval", "lfw", "--dataset", dir, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: " + dir.resolve("pairs.txt") + ":1: expected at least 2 folds, got 1"
        + System.lineSeparator());
  }

  @Test
  void folds_without_pairs_are_bad_usage() throws IOException {
    Path dir = dataset();
    Files.writeString(dir.resolve("pairs.txt"), "2\t0\n");
    Cli.Run run = Cli.run("eval", "lfw", "--dataset", dir, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: " + dir.resolve("pairs.txt") + ":1: expected at least 1 pair per fold, got 0"
        + System.lineSeparator());
  }

  @Test
  void missing_dataset_option_is_bad_usage() {
    Cli.Run run = Cli.run("eval", "lfw", "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("Missing required option: '--dataset=DIR'");
  }

  @Test
  void a_missing_dataset_folder_is_bad_usage() {
    Path nowhere = data.resolve("nowhere");
    Cli.Run run = Cli.run("eval", "lfw", "--dataset", nowhere, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: " + nowhere + ": data set folder not found" + System.lineSeparator());
  }

  @Test
  void a_short_pairs_file_names_what_it_promised() throws IOException {
    Path dir = dataset();
    Files.writeString(dir.resolve("pairs.txt"), "2\t2\nAnn_A\t1\t2\n");
    Cli.Run run = Cli.run("eval", "lfw", "--dataset", dir, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: " + dir.resolve("pairs.txt") + ": header promises 8 pairs, file has 1"
        + System.lineSeparator());
  }
}
