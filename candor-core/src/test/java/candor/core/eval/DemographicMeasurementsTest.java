package candor.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins where measurements are recorded, their JSON, and what a required one must be. */
class DemographicMeasurementsTest {
  @TempDir Path data;

  static DemographicReport report(String pack, String model) {
    MeasuredRate r = MeasuredRate.of(1, 10, BinomialInterval.WILSON);
    DemographicReport.Rates at = new DemographicReport.Rates("deployment", 0.42, r, 1, r, 1.0, null);
    DemographicReport.GroupResult all = new DemographicReport.GroupResult("all", "all", Map.of(), 2, 4, 0, 2, 2,
        4, 4, 0.5, List.of(at), new DemographicReport.Identification(1, 1, r, List.of()),
        List.of(new DetCurve.Point(0.5, 0.1, null)));
    return new DemographicReport(pack, model, "lfw", "g.tsv", "ab", "hand-made", List.of("sex"), "rule",
        "wilson", 0.95, 10, 16, 2, 4, 0, 1, List.of(new OperatingThreshold("deployment", 0.42, "option")),
        List.of(all), new DemographicReport.Policy("worst-group", 1e-4, null, null, 10_000, List.of("all"),
            List.of()), "2026-01-01T00:00:00Z");
  }

  @Test
  void records_under_the_pack_and_reads_back_the_same_report() throws IOException {
    DemographicMeasurements m = new DemographicMeasurements(data);
    DemographicReport r = report("yunet", "mbf512-bgr-87aacdfe");
    Path file = m.record(r);
    assertThat(file).isEqualTo(data.resolve("measurements/yunet/demographics.json"));
    assertThat(m.find("yunet")).contains(r);
    assertThat(m.find("default")).isEmpty();
    assertThat(m.all()).containsExactly(r);
    // stable snake_case keys, nulls kept
    String json = Files.readString(file);
    assertThat(json).contains("\"model_pack\" : \"yunet\"", "\"largest_identity_genuine_share\" : 0.5",
        "\"fmr_to_overall\" : null", "\"pairs_to_resolve\" : 10000");
    assertThat(DemographicMeasurements.toJson(r)).isEqualTo(json);
  }

  @Test
  void require_names_the_missing_file_and_how_to_record_it() {
    DemographicMeasurements m = new DemographicMeasurements(data);
    assertThatThrownBy(() -> m.require("default", "mbf512-bgr-87aacdfe"))
        .isInstanceOf(DemographicMeasurements.MissingMeasurementException.class)
        .hasMessage("model pack 'default' has no recorded demographic measurement ("
            + data.resolve("measurements/default/demographics.json") + "); run: candor eval demographics"
            + " --dataset DIR --groups FILE --model-pack default --record");
  }

  @Test
  void require_refuses_a_measurement_of_other_templates() throws IOException {
    DemographicMeasurements m = new DemographicMeasurements(data);
    m.record(report("default", "old-model"));
    assertThatThrownBy(() -> m.require("default", "mbf512-bgr-87aacdfe"))
        .isInstanceOf(DemographicMeasurements.MissingMeasurementException.class)
        .hasMessageContaining("is of template model old-model, the pack now makes mbf512-bgr-87aacdfe");
    assertThat(m.require("default", "old-model").modelPack()).isEqualTo("default");
  }

  @Test
  void an_unreadable_file_is_named() throws IOException {
    DemographicMeasurements m = new DemographicMeasurements(data);
    Path file = m.file("default");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{ not json");
    assertThatThrownBy(() -> m.find("default")).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(file + ": not a readable demographic measurement (");
  }

  @Test
  void a_pack_name_that_is_not_a_plain_name_is_refused() {
    assertThatThrownBy(() -> new DemographicMeasurements(data).file("../x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model pack name must be letters, digits, '.', '_' or '-', got '../x'");
  }
}
