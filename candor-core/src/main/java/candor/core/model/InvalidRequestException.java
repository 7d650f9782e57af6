package candor.core.model;

/**
 * Thrown when a value a caller asked for breaks one of the domain's rules: an unknown purpose or
 * role, a malformed name or reference, a date outside the collection's retention, a limit out of
 * range. It is the client's mistake, not a fault of the system, so front ends report it as such
 * (HTTP 400 with the message as the problem's detail; a CLI usage error), and the message is
 * written for the person who made the request: it names the field, the rule and the value given.
 *
 * <p>It extends {@link IllegalArgumentException} so that callers written against the plain
 * argument checks keep working. The converse does not hold: a plain {@code
 * IllegalArgumentException} (or a {@code NullPointerException}) escaping from deeper inside is a
 * bug, and the HTTP API reports it as a 500 with an error id, never as the client's fault. Throw
 * this type only from checks of values that come from a request.
 */
public final class InvalidRequestException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the request, for the person who made it
   */
  public InvalidRequestException(String message) {
    super(message);
  }
}
