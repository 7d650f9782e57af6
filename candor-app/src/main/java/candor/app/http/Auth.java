package candor.app.http;

import candor.core.access.KeyOperations;
import candor.core.policy.Principal;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnauthorizedResponse;
import java.util.Optional;
import java.util.Set;

/**
 * The Bearer-key filter in front of every route but {@code /healthz} and the web UI's static
 * files (which hold no data; the UI asks for a key before it calls the API). A request without a
 * valid, unrevoked key gets 401 before any handler runs, also on unknown paths, so that the API
 * does not reveal which paths exist.
 */
final class Auth {

  private static final String PRINCIPAL = "candor.principal";
  private static final String BEARER = "Bearer ";

  /** Paths served to anyone: the liveness probe and the static web UI. */
  private static final Set<String> PUBLIC =
      Set.of("/healthz", "/", "/index.html", "/app.js", "/style.css", "/docs", "/docs.html",
          "/favicon.ico");

  private final KeyOperations keys;
  private final SignInThrottle throttle;

  Auth(KeyOperations keys, SignInThrottle throttle) {
    this.keys = keys;
    this.throttle = throttle;
  }

  /**
   * The before-filter: authenticates the request or throws 401; an address that failed too
   * often gets 429 with {@code Retry-After} before its key is even looked at.
   */
  void authenticate(Context ctx) {
    if (isPublic(ctx.path())) {
      return;
    }
    String client = ctx.ip();
    long wait = throttle.retryAfterSeconds(client);
    if (wait > 0) {
      ctx.header("Retry-After", Long.toString(wait));
      throw new HttpResponseException(429, "too many failed authentications from this address:"
          + " retry in " + wait + " s");
    }
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new UnauthorizedResponse("an API key is required: send 'Authorization: Bearer <key>'");
    }
    if (header.regionMatches(true, 0, BEARER, 0, BEARER.length()) == false) {
      throttle.failed(client, "malformed Authorization header");
      throw new UnauthorizedResponse("the Authorization header must be 'Bearer <key>'");
    }
    Optional<Principal> principal = keys.authenticate(header.substring(BEARER.length()).strip());
    if (principal.isEmpty()) {
      throttle.failed(client, "unknown, revoked or malformed API key");
      throw new UnauthorizedResponse("the API key is unknown or revoked");
    }
    ctx.attribute(PRINCIPAL, principal.get());
  }

  /** Returns the authenticated principal of a request that passed the filter. */
  static Principal principal(Context ctx) {
    Principal p = ctx.attribute(PRINCIPAL);
    if (p == null) {
      throw new UnauthorizedResponse("an API key is required");
    }
    return p;
  }

  /** Returns the bearer token of the request, as sent. */
  static String token(Context ctx) {
    String header = ctx.header("Authorization");
    return header == null || header.length() < BEARER.length() ? null
        : header.substring(BEARER.length()).strip();
  }

  static boolean isPublic(String path) {
    return PUBLIC.contains(path);
  }
}
