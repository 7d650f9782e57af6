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

  /**
   * Reads an input file whole, with an error message that names the file and says what went
   * wrong ("no such file", "is a directory", ...).
   */
  public static byte[] readInput(Path file) throws java.io.IOException {
    try {
      return java.nio.file.Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new java.io.IOException(file + ": no such file", e);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new java.io.IOException(file + ": permission denied", e);
    } catch (java.io.IOException e) {
      throw new java.io.IOException(file + ": cannot read file ("
          + (java.nio.file.Files.isDirectory(file) ? "is a directory" : e.getClass().getSimpleName()) + ")", e);
    }
  }

  /** Where {@code candor models install} puts model files. */
  public Path modelStore() {
    return data.resolve("models");
  }
}
