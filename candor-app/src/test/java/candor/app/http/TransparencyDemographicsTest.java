package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.eval.BinomialInterval;
import candor.core.eval.DemographicMeasurements;
import candor.core.eval.DemographicReport;
import candor.core.eval.DetCurve;
import candor.core.eval.MeasuredRate;
import candor.core.eval.OperatingThreshold;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transparency report publishes the demographic measurement recorded for a pack. */
class TransparencyDemographicsTest {
  @TempDir Path dir;

  @Test
  void the_transparency_report_shows_each_recorded_measurement_without_det_curves() throws Exception {
    MeasuredRate fmr = MeasuredRate.of(3, 12_000, BinomialInterval.CLOPPER_PEARSON);
    DemographicReport.GroupResult black = new DemographicReport.GroupResult("race=black", "race",
        Map.of("race", "black"), 56, 178, 0, 1_538, 1_538, 14_000, 14_000, 0.3,
        List.of(new DemographicReport.Rates("deployment", 0.42, fmr, 2, MeasuredRate.of(0, 1_538,
            BinomialInterval.CLOPPER_PEARSON), 2.0, 1.5)),
        new DemographicReport.Identification(122, 30, MeasuredRate.of(120, 122, BinomialInterval.CLOPPER_PEARSON),
            List.of()),
        List.of(new DetCurve.Point(0.4, 3e-4, 0.0)));
    new DemographicMeasurements(dir).record(new DemographicReport("default", "mbf512-bgr-87aacdfe", "lfw",
        "lfw-groups.tsv", "ab".repeat(32), "USC SAIL race labels; LFW gender lists", List.of("race"), "rule",
        "clopper-pearson", 0.95, 5_000_000, 16, 866, 3_610, 0, 463,
        List.of(new OperatingThreshold("deployment", 0.42, "compare's default")), List.of(black),
        new DemographicReport.Policy("worst-group", 1e-4, 0.45, "race=black", 10_000, List.of(), List.of()),
        "2026-12-01T10:00:00Z"));

    try (TestServer server = TestServer.start(dir)) {
      JsonNode report = server.get("/v1/transparency", server.adminToken()).json();
      JsonNode d = report.get("demographics");
      assertThat(d).hasSize(1);
      assertThat(d.get(0).get("modelPack").asText()).isEqualTo("default");
      assertThat(d.get(0).get("dataset").asText()).isEqualTo("lfw");
      assertThat(d.get(0).get("labelSource").asText()).isEqualTo("USC SAIL race labels; LFW gender lists");
      assertThat(d.get(0).get("measuredAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
      JsonNode g = d.get(0).get("groups").get(0);
      assertThat(g.get("group").asText()).isEqualTo("race=black");
      assertThat(g.get("identities").asInt()).isEqualTo(56);
      assertThat(g.get("at").get(0).get("fmr").get("count").asLong()).isEqualTo(3);
      assertThat(g.get("det")).isEmpty();
    }
  }
}
