package candor.app.cli;

/**
 * A gallery command was run without an API key, or with one that is unknown or revoked; its
 * message says how to get one. Exits with {@link ExitCodes#DENIED}.
 */
final class KeyRequiredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KeyRequiredException(String message) {
    super(message);
  }
}
