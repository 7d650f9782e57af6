package candor.core.store;

import java.util.regex.Pattern;

/**
 * Keeps database passwords out of messages: a JDBC URL may carry one, as a {@code password=}
 * parameter ({@code jdbc:postgresql://db/candor?user=candor&password=s3cret}) or as the password
 * of its user information ({@code jdbc:postgresql://candor:s3cret@db/candor}), and the URL is
 * what an error message naturally names. Every message, log line or problem body that may name a
 * URL passes through {@link #redact(String)} first.
 */
public final class JdbcUrls {

  /** What a password is replaced with. */
  public static final String MASK = "***";

  /**
   * A {@code password=} (or {@code sslpassword=}, ...) parameter: its value runs to the next
   * parameter separator ({@code &} or {@code ;}), a quote, white space or the end.
   */
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password=)[^&;'\"\\s]*");

  /**
   * The password of a URL's user information, {@code //user:password@host}; it runs to the last
   * {@code @} before the host, as a password may hold an {@code @} of its own.
   */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:'\"\\s]*):[^/?#'\"\\s]*@");

  private JdbcUrls() {}

  /**
   * Returns {@code text} with the password of every URL in it replaced by {@value #MASK}; the
   * rest (scheme, user, host, database, other parameters) stays, so the message still says which
   * database it is about.
   *
   * @param text a URL, or a message that may contain URLs; may be null
   * @return the text without passwords; {@code null} for {@code null}
   */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String masked = PASSWORD_PARAMETER.matcher(text).replaceAll("$1" + MASK);
    return USER_INFO.matcher(masked).replaceAll("$1:" + MASK + "@");
  }

  /**
   * Returns whether a JDBC URL carries a password (which is then never recorded).
   *
   * @param url the URL, or {@code null}
   * @return {@code true} if redacting it would change it
   */
  public static boolean hasPassword(String url) {
    return url != null && redact(url).equals(url) == false;
  }
}
