package candor.app.cli;

import candor.core.policy.AccessDeniedException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The exit codes of {@code candor}, decided in one place: 0 success, 1 failure (some input failed,
 * or the run failed), 2 bad usage, 3 refused (no API key, an unknown or revoked one, or the
 * policy denied the request; the refusal is audited).
 */
public final class ExitCodes {
  /** Everything worked. */
  public static final int OK = 0;
  /** The command ran but some input failed, or it could not run. */
  public static final int FAILED = 1;
  /** Bad options or arguments. */
  public static final int USAGE = 2;
  /** Refused: no API key, an unknown or revoked one, or the policy denied it (audited). */
  public static final int DENIED = 3;

  private ExitCodes() {}

  /** Maps an exception that escaped a command to an exit code. */
  public static int of(Throwable t) {
    if (t instanceof KeyRequiredException || t instanceof AccessDeniedException) {
      return DENIED;
    }
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
