package candor.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command shares: where the Candor data lives, and verbosity. */
public final class DataOptions {
  @Option(names = "--data", paramLabel = "DIR", defaultValue = "candor-data",
      description = "Candor data directory: gallery, database, installed models (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces of errors.")
  boolean verbose;

  /** The data directory. */
  public Path data() {
    return data;
  }

  /** Where {@code candor models install} puts model files. */
  public Path modelStore() {
    return data.resolve("models");
  }
}
