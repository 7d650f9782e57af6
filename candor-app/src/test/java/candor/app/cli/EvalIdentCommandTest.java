package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins down {@code candor eval ident} on a tiny LFW-layout data set cut from the fixtures. */
class EvalIdentCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  /**
   * Three people with three crops of one face each (different margins, some mirrored) and a
   * fourth with one photo, who is never enrolled.
   */
  private Path dataset() {
    Path dir = data.resolve("tiny");
    int[][] faces = {{3, 242, 135, 82, 116}, {6, 104, 206, 94, 111}, {5, 153, 357, 81, 131}};
    String[] names = {"Ann_A", "Bea_B", "Cat_C"};
    double[] margins = {0.5, 0.7, 0.6};
    for (int p = 0; p < 3; p++) {
      int[] f = faces[p];
      for (int i = 0; i < 3; i++) {
        Cli.faceCrop(f[0], f[1], f[2], f[3], f[4], margins[i], i == 1,
            dir.resolve(names[p]).resolve(String.format("%s_%04d.jpg", names[p], i + 1)));
      }
    }
    Cli.faceCrop(1, 606, 86, 98, 94, 0.5, false, dir.resolve("Dan_D/Dan_D_0001.jpg"));
    return dir;
  }

  @Test
  void several_enrolled_images_per_person_are_scored_by_best_face_and_fused_template() throws IOException {
    Cli.Run run = Cli.run("eval", "ident", "--dataset", dataset(), "--enrol-first-per-folder", "2",
        "--json", "--threads", "1", "--data", data);

    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode r = JSON.readTree(run.out());
    assertThat(r.get("gallery").asInt()).isEqualTo(3);
    assertThat(r.get("enrolled_per_person").asInt()).isEqualTo(2);
    assertThat(r.get("probes").asInt()).isEqualTo(3); // the third crop of each
    assertThat(r.get("non_mated_probes").asInt()).isEqualTo(1); // Dan_D
    assertThat(r.get("rank1").asDouble()).isEqualTo(1.0);
    JsonNode fused = r.get("fused");
    assertThat(fused.get("rank1").asDouble()).isEqualTo(1.0);
    assertThat(fused.get("rank5").asDouble()).isEqualTo(1.0);
    assertThat(fused.get("fnir_fpir_1e2").isNumber()).isTrue();
  }

  @Test
  void one_enrolled_image_reports_no_fused_scores_and_the_text_names_both_scorings_only_when_fused()
      throws IOException {
    Path dataset = dataset();
    Cli.Run json = Cli.run("eval", "ident", "--dataset", dataset, "--json", "--threads", "1",
        "--data", data);
    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode r = JSON.readTree(json.out());
    assertThat(r.get("probes").asInt()).isEqualTo(6);
    assertThat(r.has("fused")).isFalse();

    Cli.Run text = Cli.run("eval", "ident", "--dataset", dataset, "--enrol-first-per-folder", "2",
        "--probes-from", "3", "--threads", "1", "--data", data);
    assertThat(text.exit()).as(text.err()).isZero();
    assertThat(text.out()).contains("gallery 3 identities (2 images each), 3 mated probes,"
        + " 1 non-mated probes", "rank-1 (best face)", "rank-1 (fused)");
  }

  @Test
  void probes_that_would_overlap_the_enrolled_images_are_refused_before_any_work() {
    Cli.Run run = Cli.run("eval", "ident", "--dataset", dataset(), "--enrol-first-per-folder", "2",
        "--probes-from", "2", "--data", data);

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("first probe at 2");
  }
}
