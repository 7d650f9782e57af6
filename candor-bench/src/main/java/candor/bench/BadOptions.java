package candor.bench;

import java.util.function.Function;

/** How every benchmark main answers bad options: the message and the usage on standard error, exit status 2. */
public final class BadOptions {
  private BadOptions() {}

  /**
   * Parses the options, or exits the JVM with status 2 after printing why and the usage.
   *
   * @param args the command line
   * @param parse the main's parser; throws IllegalArgumentException on a bad option
   * @param usage the usage line
   */
  public static <T> T parseOrExit(String[] args, Function<String[], T> parse, String usage) {
    try {
      return parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(usage);
      System.exit(2);
      throw e; // not reached: exit does not return
    }
  }
}
