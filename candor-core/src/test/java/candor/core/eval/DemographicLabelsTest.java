package candor.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the labels file: its format, multi-label cells, the groups it makes, and its errors. */
class DemographicLabelsTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("groups.tsv"), text);
  }

  @Test
  void reads_columns_identities_and_multi_label_cells() throws IOException {
    DemographicLabels l = DemographicLabels.read(write("""
        folder\trace\tsex
        # a comment, then a blank line

        Ann\tx\tf
        Bob\tx, y\tm
        Cid\t\tm
        """));
    assertThat(l.columns()).containsExactly("race", "sex");
    assertThat(l.identities()).containsExactly("Ann", "Bob", "Cid");
    assertThat(l.labels("Bob", "race")).containsExactly("x", "y");
    assertThat(l.labels("Cid", "race")).isEmpty();
    assertThat(l.size()).isEqualTo(3);
    assertThat(l.sha256()).hasSize(64).isEqualTo(candor.vision.onnx.OnnxModel.sha256(dir.resolve("groups.tsv")));
  }

  @Test
  void makes_all_then_one_group_per_label_then_per_pair_of_labels() throws IOException {
    DemographicLabels l = DemographicLabels.read(write("""
        folder\trace\tsex
        Ann\tx\tf
        Bob\tx,y\tm
        Cid\t\tm
        Dee\ty\tf
        """));
    List<DemographicGroup> groups = l.groups();
    assertThat(groups).extracting(DemographicGroup::name).containsExactly("all",
        "race=x", "race=y", "sex=f", "sex=m",
        "race=x,sex=f", "race=x,sex=m", "race=y,sex=f", "race=y,sex=m");
    assertThat(groups).extracting(DemographicGroup::family).containsExactly("all",
        "race", "race", "sex", "sex", "race,sex", "race,sex", "race,sex", "race,sex");
    Map<String, List<String>> members = new java.util.LinkedHashMap<>();
    groups.forEach(g -> members.put(g.name(), g.identities()));
    // the multi-label identity is in both race groups; the unlabelled cell keeps Cid out of race
    assertThat(members.get("all")).containsExactly("Ann", "Bob", "Cid", "Dee");
    assertThat(members.get("race=x")).containsExactly("Ann", "Bob");
    assertThat(members.get("race=y")).containsExactly("Bob", "Dee");
    assertThat(members.get("sex=m")).containsExactly("Bob", "Cid");
    assertThat(members.get("race=y,sex=m")).containsExactly("Bob");
    assertThat(groups.get(5).labels()).containsExactly(Map.entry("race", "x"), Map.entry("sex", "f"));
  }

  @Test
  void selects_columns_by_name() throws IOException {
    DemographicLabels l = DemographicLabels.read(write("folder\trace\tsex\tsource\nAnn\tx\tf\ts1\n"))
        .select(List.of("sex", "race"));
    assertThat(l.columns()).containsExactly("sex", "race");
    assertThat(l.labels("Ann", "sex")).isEqualTo(Set.of("f"));
    assertThatThrownBy(() -> l.select(List.of("age"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no label column 'age' (or named twice): the file has [sex, race]");
  }

  @Test
  void a_row_with_another_number_of_columns_names_its_line() throws IOException {
    Path f = write("folder\trace\tsex\nAnn\tx\tf\nBob\tx\n");
    assertThatThrownBy(() -> DemographicLabels.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(f + " line 3: expected 3 tab-separated columns as in the header, got 2");
  }

  @Test
  void an_identity_labelled_twice_is_refused() throws IOException {
    Path f = write("folder\trace\nAnn\tx\nAnn\ty\n");
    assertThatThrownBy(() -> DemographicLabels.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(f + " line 3: identity 'Ann' is already labelled on line 2");
  }

  @Test
  void an_identity_that_is_not_a_plain_folder_name_is_refused() throws IOException {
    Path f = write("folder\trace\n../etc\tx\n");
    assertThatThrownBy(() -> DemographicLabels.read(f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(f + " line 2: expected a folder name in the first column, got '../etc'");
  }

  @Test
  void a_file_without_header_or_label_column_is_refused() throws IOException {
    Path empty = write("# nothing\n");
    assertThatThrownBy(() -> DemographicLabels.read(empty)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(empty + ": empty labels file, expected a header line 'identity<TAB>label<TAB>...'");
    Path oneColumn = write("folder\nAnn\n");
    assertThatThrownBy(() -> DemographicLabels.read(oneColumn)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(oneColumn + " line 1: expected a header naming the identity column and at least one"
            + " label column, tab-separated, got 1 column");
  }
}
