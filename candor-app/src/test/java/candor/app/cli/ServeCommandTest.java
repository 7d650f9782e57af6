package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins down what {@code candor serve} refuses before it starts anything. */
class ServeCommandTest {
  @TempDir Path data;

  @Test
  void require_demographics_refuses_a_pack_without_a_recorded_measurement_and_creates_nothing() {
    Cli.Run run = Cli.run("serve", "--require-demographics", "--port", "0", "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).isEqualTo("candor: model pack 'default' has no recorded demographic measurement ("
        + data.resolve("measurements/default/demographics.json") + "); run: candor eval demographics --dataset DIR"
        + " --groups FILE --model-pack default --record" + System.lineSeparator());
    assertThat(run.out()).isEmpty();
    assertThat(data).isEmptyDirectory(); // no database, no admin key
  }

  @Test
  void require_demographics_refuses_a_measurement_of_other_templates() throws IOException {
    Path file = data.resolve("measurements/default/demographics.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        {"model_pack": "default", "template_model": "an-older-embedder", "columns": [], "thresholds": [],
         "groups": []}
        """);
    Cli.Run run = Cli.run("serve", "--require-demographics", "--port", "0", "--data", data);
    assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).isEqualTo("candor: the demographic measurement of model pack 'default' (" + file
        + ") is of template model an-older-embedder, the pack now makes mbf512-bgr-87aacdfe; measure it again with"
        + " --record" + System.lineSeparator());
  }
}
