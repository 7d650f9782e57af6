package candor.core.store;

import java.util.regex.Pattern;

/**
 * Keeps database passwords out of messages, logs and records: finds a password in a JDBC URL
 * (a {@code password=} parameter, or {@code user:password@} before the host) and masks it.
 *
 * <p>Stateless and thread-safe.
 */
public final class JdbcUrls {

  private static final Pattern PARAMETER =
      Pattern.compile("(?i)([?&;](?:password|sslpassword)=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?]+):[^/@?]*@");

  private JdbcUrls() {}

  /**
   * Returns whether a JDBC URL carries a password.
   *
   * @param url the URL
   * @return {@code true} if it has a password parameter or {@code user:password@}
   */
  public static boolean hasPassword(String url) {
    return url != null && (PARAMETER.matcher(url).find() || USER_INFO.matcher(url).find());
  }

  /**
   * Returns a JDBC URL with any password replaced by {@code ***}, for messages and logs.
   *
   * @param url the URL, or {@code null}
   * @return the URL without its password, or {@code null}
   */
  public static String redacted(String url) {
    if (url == null) {
      return null;
    }
    String out = PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(out).replaceAll("$1:***@");
  }
}
