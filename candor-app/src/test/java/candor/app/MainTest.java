package candor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Pins down the root command: usage and exit code 2 without a subcommand, for an unknown one, and a version. */
class MainTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void no_subcommand_prints_usage_and_exits_2() {
    Run run = run();
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).startsWith("Candor: accountable face search.").contains("detect", "compare", "eval", "models");
  }

  @Test
  void an_unknown_subcommand_is_bad_usage() {
    Run run = run("frobnicate");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("Unmatched argument at index 0: 'frobnicate'");
  }

  @Test
  void an_unknown_option_is_bad_usage() {
    Run run = run("detect", "--no-such-option", "x.jpg");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("Unknown option: '--no-such-option'");
  }

  @Test
  void prints_its_version() {
    Run run = run("--version");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("candor 0.1.0" + System.lineSeparator());
  }
}
