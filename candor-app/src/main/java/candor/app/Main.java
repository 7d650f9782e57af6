package candor.app;

import candor.app.cli.CandorCommand;
import candor.app.cli.ExitCodes;
import picocli.CommandLine;

/** Entry point of the {@code candor} command. */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new CandorCommand());
    cl.setExecutionExceptionHandler(ExitCodes::handle);
    cl.setExitCodeExceptionMapper(ExitCodes::of);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
