package candor.app.http;

import candor.core.access.KeyOperations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed authentications per client address, throttles an address that fails too often,
 * and audits the failures in aggregate. A key guessed over HTTP is then slowed to {@value
 * #MAX_FAILURES} tries a minute per address by default ({@code serve --max-failed-auth}), and every failure ends up in the audit log as part
 * of an {@code auth.failed} entry (client, count, reason) written by {@link #flush()}, which the
 * server calls every minute and on close. The tokens presented are never logged or audited.
 *
 * <p>Memory is bounded: at most {@value #MAX_CLIENTS} addresses are tracked; beyond that the
 * failures of new addresses are counted together under {@code "other"} (and throttled together).
 *
 * <p>Thread-safe: every method synchronises on this object; the audit write happens outside it.
 */
final class SignInThrottle {

  /** Failed authentications an address may make in one window by default. */
  public static final int MAX_FAILURES = 10;
  /** The window over which failures are counted. */
  static final Duration WINDOW = Duration.ofMinutes(1);
  /** The most addresses tracked at once. */
  static final int MAX_CLIENTS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);
  private static final String OTHER = "other";

  private final KeyOperations keys;
  private final Clock clock;
  private final int maxFailures;
  // Both maps are guarded by this object's monitor.
  private final Map<String, Window> windows = new HashMap<>();
  private final Map<String, Long> unaudited = new HashMap<>();

  private record Window(long startMillis, int failures) {}

  SignInThrottle(KeyOperations keys, Clock clock, int maxFailures) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxFailures = maxFailures;
  }

  /**
   * Returns how long an address must wait before it may try again.
   *
   * @param client the client address
   * @return the seconds to wait, 0 if it may try now
   */
  synchronized long retryAfterSeconds(String client) {
    Window w = windows.get(tracked(client));
    if (w == null || w.failures() < maxFailures) {
      return 0;
    }
    long left = w.startMillis() + WINDOW.toMillis() - clock.millis();
    if (left <= 0) {
      windows.remove(tracked(client));
      return 0;
    }
    return Math.max(1, (left + 999) / 1000);
  }

  /**
   * Counts a failed authentication.
   *
   * @param client the client address
   * @param reason why it failed, for the log and the audit (never the token)
   */
  synchronized void failed(String client, String reason) {
    String key = tracked(client);
    long now = clock.millis();
    Window w = windows.get(key);
    if (w == null || now - w.startMillis() >= WINDOW.toMillis()) {
      w = new Window(now, 0);
    }
    w = new Window(w.startMillis(), w.failures() + 1);
    windows.put(key, w);
    unaudited.merge(key, 1L, Long::sum);
    if (w.failures() == 1) {
      LOG.warn("Authentication failed from {}: {}", key, reason);
    } else if (w.failures() == maxFailures) {
      LOG.warn("Authentication failed {} times in {} from {}: throttled", maxFailures, WINDOW,
          key);
    }
  }

  /** Writes one {@code auth.failed} audit entry per address with failures not yet audited. */
  void flush() {
    List<Map.Entry<String, Long>> pending;
    synchronized (this) {
      pending = new ArrayList<>(unaudited.entrySet());
      unaudited.clear();
      long now = clock.millis();
      windows.values().removeIf(w -> now - w.startMillis() >= WINDOW.toMillis());
    }
    for (Map.Entry<String, Long> e : pending) {
      keys.recordFailures("http:" + e.getKey(), e.getValue(),
          "missing, malformed, unknown or revoked API key");
    }
  }

  /** The address itself while there is room to track it, else the shared overflow bucket. */
  private String tracked(String client) {
    String c = client == null || client.isBlank() ? "unknown" : client;
    return windows.containsKey(c) || windows.size() < MAX_CLIENTS ? c : OTHER;
  }
}
