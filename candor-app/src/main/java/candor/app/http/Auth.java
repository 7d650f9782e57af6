package candor.app.http;

import candor.core.access.ApiKeys;
import candor.core.policy.Principal;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
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

  private final ApiKeys keys;

  Auth(ApiKeys keys) {
    this.keys = keys;
  }

  /** The before-filter: authenticates the request or throws 401. */
  void authenticate(Context ctx) {
    if (isPublic(ctx.path())) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new UnauthorizedResponse("an API key is required: send 'Authorization: Bearer <key>'");
    }
    if (header.regionMatches(true, 0, BEARER, 0, BEARER.length()) == false) {
      throw new UnauthorizedResponse("the Authorization header must be 'Bearer <key>'");
    }
    Principal principal = keys.authenticate(header.substring(BEARER.length()).strip())
        .orElseThrow(() -> new UnauthorizedResponse("the API key is unknown or revoked"));
    ctx.attribute(PRINCIPAL, principal);
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
