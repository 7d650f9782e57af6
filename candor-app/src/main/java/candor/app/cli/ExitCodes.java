package candor.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The exit codes of {@code candor}, decided in one place: 0 success, 1 failure (some input failed,
 * or the run failed), 2 bad usage.
 */
public final class ExitCodes {
  /** Everything worked. */
  public static final int OK = 0;
  /** The command ran but some input failed, or it could not run. */
  public static final int FAILED = 1;
  /** Bad options or arguments. */
  public static final int USAGE = 2;

  private ExitCodes() {}

  /** Maps an exception that escaped a command to an exit code. */
  public static int of(Throwable t) {
    return t instanceof IllegalArgumentException || t instanceof CommandLine.ParameterException ? USAGE : FAILED;
  }

  /**
   * Prints one line for an exception that escaped a command (the stack trace only with
   * {@code -v}), and returns its exit code.
   */
  public static int handle(Exception e, CommandLine cl, ParseResult parsed) {
    boolean verbose = parsed.hasMatchedOption("--verbose") || subcommandVerbose(parsed);
    String msg = e.getMessage() != null ? e.getMessage() : e.toString();
    cl.getErr().println("candor: " + msg);
    if (verbose) {
      e.printStackTrace(cl.getErr());
    }
    return of(e);
  }

  private static boolean subcommandVerbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
