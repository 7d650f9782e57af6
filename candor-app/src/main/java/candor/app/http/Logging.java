package candor.app.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Quiets the server's libraries when no logging configuration is given: without one, logback logs
 * everything at DEBUG, which for Jetty means several lines per request. Candor's own messages
 * stay at INFO. A {@code logback.xml} on the class path (or {@code -Dlogback.configurationFile})
 * takes precedence.
 */
public final class Logging {

  private Logging() {}

  /** Sets INFO for Candor and WARN for Jetty, Hikari, Flyway and the rest, unless configured. */
  public static void defaults() {
    if (System.getProperty("logback.configurationFile") != null
        || Logging.class.getResource("/logback.xml") != null
        || Logging.class.getResource("/logback-test.xml") != null) {
      return;
    }
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
      context.getLogger("candor").setLevel(Level.INFO);
      context.getLogger("io.javalin.Javalin").setLevel(Level.WARN);
    }
  }
}
