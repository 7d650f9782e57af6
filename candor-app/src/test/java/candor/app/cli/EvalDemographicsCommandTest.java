package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins down {@code candor eval demographics} on a tiny data set cut from the fixtures: the groups
 * and pair counts the labels file makes, that nothing else labels an image, the JSON keys, the
 * plot, the recorded measurement and the usage errors.
 */
class EvalDemographicsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  /**
   * Ann, Bea and Cat have two crops of one face each, Dan one; Eve has a folder but no label, and
   * her one file is not even an image. LFW-style gender lists in the data set contradict the
   * labels file: they must be ignored.
   */
  private Path dataset() throws IOException {
    Path dir = data.resolve("tiny");
    int[][] faces = {{3, 242, 135, 82, 116}, {6, 104, 206, 94, 111}, {5, 153, 357, 81, 131}};
    String[] names = {"Ann_A", "Bea_B", "Cat_C"};
    for (int p = 0; p < 3; p++) {
      int[] f = faces[p];
      Cli.faceCrop(f[0], f[1], f[2], f[3], f[4], 0.5, false, dir.resolve(names[p]).resolve(names[p] + "_0001.jpg"));
      Cli.faceCrop(f[0], f[1], f[2], f[3], f[4], 0.7, true, dir.resolve(names[p]).resolve(names[p] + "_0002.jpg"));
    }
    Cli.faceCrop(1, 606, 86, 98, 94, 0.5, false, dir.resolve("Dan_D/Dan_D_0001.jpg"));
    Files.createDirectories(dir.resolve("Eve_E"));
    Files.writeString(dir.resolve("Eve_E/Eve_E_0001.jpg"), "not a JPEG");
    Files.writeString(dir.resolve("female_names.txt"), "Bea_B_0001.jpg\nBea_B_0002.jpg\nDan_D_0001.jpg\n");
    Files.writeString(dir.resolve("male_names.txt"), "Ann_A_0001.jpg\nAnn_A_0002.jpg\nCat_C_0001.jpg\n");
    return dir;
  }

  private Path labels() throws IOException {
    return Files.writeString(data.resolve("groups.tsv"), """
        folder\tkin\tsex
        Ann_A\tp\tf
        Bea_B\tp,q\tm
        Cat_C\tq\tf
        Dan_D\tq\tm
        """);
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static JsonNode group(JsonNode report, String name) {
    for (JsonNode g : report.get("groups")) {
      if (g.get("group").asText().equals(name)) {
        return g;
      }
    }
    throw new AssertionError("no group " + name);
  }

  private Cli.Run run(Path dataset, Object... more) throws IOException {
    List<Object> args = new ArrayList<>(List.of("eval", "demographics", "--dataset", dataset, "--groups", labels(),
        "--fmr-target", "0.25", "--threads", "1", "--data", data));
    args.addAll(List.of(more));
    return Cli.run(args.toArray());
  }

  @Test
  void groups_and_pair_counts_come_from_the_labels_file_only() throws IOException {
    Cli.Run run = run(dataset(), "--json");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode r = JSON.readTree(run.out());
    List<String> groups = new ArrayList<>();
    r.get("groups").forEach(g -> groups.add(g.get("group").asText()));
    // the labels file's groups, its pairs of labels, nothing from female_names.txt / male_names.txt
    assertThat(groups).containsExactly("all", "kin=p", "kin=q", "sex=f", "sex=m",
        "kin=p,sex=f", "kin=p,sex=m", "kin=q,sex=f", "kin=q,sex=m");
    // Eve (unlabelled, her file not an image) is never read: 7 images, all with a face
    assertThat(r.get("identities").asInt()).isEqualTo(4);
    assertThat(r.get("images").asInt()).isEqualTo(7);
    assertThat(r.get("images_without_face").asInt()).isZero();
    // sex=m is Bea and Dan as the labels file says (the gender lists call them female)
    JsonNode m = group(r, "sex=m");
    assertThat(m.get("identities").asInt()).isEqualTo(2);
    assertThat(m.get("genuine_pairs").asLong()).isEqualTo(1);
    assertThat(m.get("impostor_pairs").asLong()).isEqualTo(2);
    // all: 3 genuine pairs, (7^2 - 2^2 - 2^2 - 2^2 - 1) / 2 = 18 impostor pairs
    assertThat(group(r, "all").get("genuine_pairs").asLong()).isEqualTo(3);
    assertThat(group(r, "all").get("impostor_pairs").asLong()).isEqualTo(18);
    // Bea carries two labels: she is in kin=p and in kin=q
    assertThat(group(r, "kin=p").get("impostor_pairs").asLong()).isEqualTo(4);
    assertThat(group(r, "kin=q").get("impostor_pairs").asLong()).isEqualTo(8);
    assertThat(group(r, "kin=q,sex=m").get("labels").toString()).isEqualTo("{\"kin\":\"q\",\"sex\":\"m\"}");
    // 1:N: Ann, Bea and Cat enrolled; Dan the non-mated probe, in kin=q and sex=m
    assertThat(r.get("gallery_identities").asInt()).isEqualTo(3);
    assertThat(group(r, "sex=m").get("identification").get("non_mated_probes").asInt()).isEqualTo(1);
    assertThat(group(r, "sex=f").get("identification").get("non_mated_probes").asInt()).isZero();
  }

  @Test
  void json_has_stable_keys_thresholds_intervals_and_the_policy() throws IOException {
    Cli.Run run = run(dataset(), "--json", "--label-source", "made up for the test");
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode r = JSON.readTree(run.out());
    assertThat(keys(r)).containsExactly("model_pack", "template_model", "dataset", "groups_file", "groups_sha256",
        "label_source", "columns", "multi_label", "interval", "confidence", "max_pairs", "seed", "identities",
        "images", "images_without_face", "gallery_identities", "thresholds", "groups", "policy", "measured_at");
    assertThat(r.get("model_pack").asText()).isEqualTo("default");
    assertThat(r.get("template_model").asText()).isEqualTo("mbf512-bgr-87aacdfe");
    assertThat(r.get("dataset").asText()).isEqualTo("tiny");
    assertThat(r.get("label_source").asText()).isEqualTo("made up for the test");
    assertThat(r.get("interval").asText()).isEqualTo("clopper-pearson");
    List<String> thresholds = new ArrayList<>();
    r.get("thresholds").forEach(t -> thresholds.add(t.get("name").asText()));
    // the shipped calibration's scores for overall FMR 1e-3 and 1e-4, the deployment's, the policy's
    assertThat(thresholds).containsExactly("fmr_1e-3", "fmr_1e-4", "deployment", "worst_group_0.25");
    assertThat(r.get("thresholds").get(0).get("score").asDouble()).isBetween(0.33, 0.35);
    assertThat(r.get("thresholds").get(1).get("score").asDouble()).isBetween(0.41, 0.43);
    assertThat(r.get("thresholds").get(2).get("score").asDouble()).isEqualTo(0.42);
    JsonNode all = group(r, "all");
    assertThat(keys(all)).containsExactly("group", "family", "labels", "identities", "images",
        "images_without_face", "genuine_pairs", "genuine_pairs_available", "impostor_pairs",
        "impostor_pairs_available", "largest_identity_genuine_share", "at", "identification", "det");
    JsonNode at = all.get("at").get(2);
    assertThat(keys(at)).containsExactly("threshold", "score", "fmr", "false_match_identity_pairs", "fnmr",
        "fmr_to_lowest", "fmr_to_overall");
    assertThat(keys(at.get("fmr"))).containsExactly("count", "of", "rate", "lower", "upper");
    assertThat(at.get("fmr").get("of").asLong()).isEqualTo(18);
    // different people do not match at 0.42, and the interval says how little 18 pairs show
    assertThat(at.get("fmr").get("count").asLong()).isZero();
    assertThat(at.get("fmr").get("upper").asDouble()).isCloseTo(1 - Math.pow(0.025, 1 / 18.0),
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(all.get("det")).hasSize(101);
    JsonNode policy = r.get("policy");
    assertThat(keys(policy)).containsExactly("policy", "fmr_target", "threshold", "binding_group", "pairs_to_resolve",
        "unresolved_groups", "costs");
    assertThat(policy.get("pairs_to_resolve").asLong()).isEqualTo(4);
    assertThat(policy.get("threshold").isNumber()).isTrue();
    assertThat(policy.get("costs")).hasSize(9);
  }

  @Test
  void text_shows_a_table_per_threshold_and_the_policy_beside_the_deployment_threshold() throws IOException {
    Cli.Run run = run(dataset());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("verification at fmr_1e-3 = ", "verification at deployment = 0.4200",
        "| group ", "| kin=q,sex=m ", "identification (1:N, 3 enrolled identities",
        "threshold policy worst-group at FMR 0.25", "the deployment uses 0.4200", "FNMR change");
  }

  @Test
  void writes_a_plot_and_records_the_measurement_that_models_list_shows() throws Exception {
    Path svg = data.resolve("fmr.svg");
    Cli.Run run = run(dataset(), "--json", "--plot", svg, "--record");
    assertThat(run.exit()).as(run.err()).isZero();
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(Files.readString(svg)).contains("kin=q,sex=m (2 ids, 2 pairs)", "target 0.25");
    Path recorded = data.resolve("measurements/default/demographics.json");
    assertThat(run.err()).contains("recorded: " + recorded);
    assertThat(JSON.readTree(Files.readString(recorded))).isEqualTo(JSON.readTree(run.out()));

    Cli.Run list = Cli.run("models", "list", "--data", data);
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("demographic measurement of default: ", " on tiny, labels groups.tsv",
        "| kin=q,sex=m ", "demographics: not measured in this data directory");
  }

  @Test
  void a_labelled_identity_without_a_folder_is_bad_usage() throws IOException {
    Path dir = dataset();
    Path labels = Files.writeString(data.resolve("other.tsv"), "folder\tsex\nZed_Z\tm\n");
    Cli.Run run = Cli.run("eval", "demographics", "--dataset", dir, "--groups", labels, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: labelled identity 'Zed_Z' has no folder in " + dir
        + System.lineSeparator());
  }

  @Test
  void a_malformed_labels_file_names_its_line() throws IOException {
    Path labels = Files.writeString(data.resolve("bad.tsv"), "folder\tsex\nAnn_A\tf\textra\n");
    Cli.Run run = Cli.run("eval", "demographics", "--dataset", dataset(), "--groups", labels, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: " + labels + " line 2: expected 2 tab-separated columns as in the"
        + " header, got 3" + System.lineSeparator());
  }

  @Test
  void an_unknown_policy_or_a_target_outside_zero_and_one_is_bad_usage() throws IOException {
    Path dir = dataset();
    Cli.Run policy = run(dir, "--policy", "per-group");
    assertThat(policy.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(policy.err()).contains("expected worst-group or overall, got 'per-group'");
    Cli.Run target = Cli.run("eval", "demographics", "--dataset", dir, "--groups", labels(), "--fmr-target", "2",
        "--data", data);
    assertThat(target.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(target.err()).isEqualTo("candor: --fmr-target must be in (0, 1), got 2.0" + System.lineSeparator());
  }

  @Test
  void a_missing_labels_file_is_bad_usage() throws IOException {
    Path nowhere = data.resolve("nowhere.tsv");
    Cli.Run run = Cli.run("eval", "demographics", "--dataset", dataset(), "--groups", nowhere, "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("candor: " + nowhere + ": labels file not found" + System.lineSeparator());
  }
}
