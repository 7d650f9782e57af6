package candor.app.http;

import candor.core.audit.CheckpointRefusedException;
import candor.core.model.InvalidRequestException;
import candor.core.policy.AccessDeniedException;
import candor.core.policy.WeakCandidateException;
import candor.core.store.AlreadyExistsException;
import candor.core.store.JdbcUrls;
import candor.core.store.NotFoundException;
import candor.index.IndexStorageException;
import candor.vision.VisionException;
import candor.vision.image.ImageTooLargeException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.validation.ValidationException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to an {@code application/problem+json} response, in this one place: the
 * domain's exceptions by type to a status, the HTTP layer's own ({@link HttpResponseException},
 * validation) to theirs, and anything else to 500.
 *
 * <p>Only a request's own faults are 4xx: {@link InvalidRequestException} (the core's checks of
 * what a client asked for), Javalin's validation and {@link HttpResponseException}s (the edge's
 * checks, see {@link Edge}), and the domain's not-found, conflict, denial and image errors. Any
 * other exception, a stray {@link IllegalArgumentException} or {@link NullPointerException}
 * included, is a fault of the server: a 500 whose body carries an error id and nothing else of
 * it, while the log line carries the same id with the stack trace. Every detail passes through
 * {@link JdbcUrls#redact} so that no database password reaches a client.
 */
final class Problems {

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  static final String CONTENT_TYPE = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The attribute that marks a request whose problem response is written. */
  private static final String SENT = "candor.problem";

  private Problems() {}

  /** Registers the mapping on the router. */
  static void configure(JavalinConfig config) {
    config.router.mount(router -> {
      router.exception(HttpResponseException.class, (e, ctx) -> send(ctx, e.getStatus(),
          e.getStatus() == 404 && Edge.routed(ctx) == false
              ? "no such endpoint: " + ctx.method() + " " + ctx.path() : e.getMessage()));
      router.exception(ValidationException.class, (e, ctx) -> send(ctx, 400,
          e.getErrors().entrySet().stream()
              .map(en -> en.getKey() + ": " + en.getValue().stream()
                  .map(v -> v.getMessage() + (v.getValue() == null ? ""
                      : " (got '" + Edge.abbreviate(String.valueOf(v.getValue())) + "')"))
                  .collect(Collectors.joining(", ")))
              .collect(Collectors.joining("; "))));
      router.exception(InvalidRequestException.class, (e, ctx) -> send(ctx, 400, e.getMessage()));
      router.exception(AccessDeniedException.class, (e, ctx) -> send(ctx, 403, e.getMessage()));
      router.exception(NotFoundException.class, (e, ctx) -> send(ctx, 404, e.getMessage()));
      router.exception(AlreadyExistsException.class, (e, ctx) -> send(ctx, 409, e.getMessage()));
      router.exception(CheckpointRefusedException.class,
          (e, ctx) -> send(ctx, 409, e.getMessage()));
      // A template of another pack than the process runs (a gallery mid-migration or switched).
      router.exception(candor.core.store.ModelMismatchException.class,
          (e, ctx) -> send(ctx, 409, e.getMessage()));
      // A review rule that refused the request: its problem type names the rule.
      router.exception(WeakCandidateException.class, (e, ctx) ->
          send(ctx, 422, "/problems/" + e.rule(), e.getMessage(), null));
      // An ingest that cannot check the whole do-not-enrol list (entries of another pack).
      router.exception(candor.core.rights.OptOutModelException.class,
          (e, ctx) -> send(ctx, 409, e.getMessage()));
      router.exception(candor.core.rights.RequestStateException.class,
          (e, ctx) -> send(ctx, 409, e.getMessage()));
      router.exception(ImageTooLargeException.class, (e, ctx) -> send(ctx, 413, e.getMessage()));
      router.exception(VisionException.class, (e, ctx) -> send(ctx, 422, e.getMessage()));
      // The index is derived data on another service (SolrCloud) or disk: while it is away a
      // search cannot run, but nothing is lost; what the store committed replays when it returns.
      router.exception(IndexStorageException.class, (e, ctx) -> {
        LOG.warn("{} {}: {}", ctx.method(), ctx.path(), JdbcUrls.redact(e.getMessage()));
        send(ctx, 503, "the vector index is unavailable, try again later: " + e.getMessage());
      });
      // Jetty's verdict on the request itself (a malformed query string or body encoding).
      router.exception(BadMessageException.class, (e, ctx) -> send(ctx, e.getCode(),
          "the request is malformed: " + e.getReason()));
      router.exception(Exception.class, (e, ctx) -> {
        String id = errorId();
        LOG.error("error {}: {} {} failed", id, ctx.method(), ctx.path(), e);
        send(ctx, 500, "internal error " + id + "; the server log has the details under this id",
            id);
      });
      router.error(404, ctx -> {
        if (isSent(ctx) == false) {
          send(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
        }
      });
      router.error(405, ctx -> {
        if (isSent(ctx) == false) {
          send(ctx, 405, ctx.method() + " is not allowed on " + ctx.path());
        }
      });
    });
  }

  /** Writes a problem response whose type is named for its status. */
  static void send(Context ctx, int status, String detail) {
    send(ctx, status, null, detail, null);
  }

  private static void send(Context ctx, int status, String detail, String errorId) {
    send(ctx, status, null, detail, errorId);
  }

  /** Writes a problem response of a given type ({@code null}: named for the status). */
  private static void send(Context ctx, int status, String type, String detail,
      String errorId) {
    if (status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"candor\"");
    }
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
    if (hasBody(ctx)) {
      // A refused body may still be arriving: close the connection rather than read the rest
      // of it to keep the connection alive.
      ctx.header("Connection", "close");
    }
    ctx.attribute(SENT, Boolean.TRUE);
    ctx.status(status);
    ctx.contentType(CONTENT_TYPE).result(body(status, type, detail, ctx.path(), errorId));
  }

  /**
   * Returns the JSON of a problem, for writers outside Javalin's handlers too (Jetty's own
   * refusals, see {@link JettyErrors}).
   *
   * @param status the HTTP status
   * @param detail what went wrong, or {@code null} for the status' title; redacted
   * @param instance the request path
   * @param errorId the id of a 500's log line, or {@code null}
   * @return the problem's JSON
   */
  static String body(int status, String detail, String instance, String errorId) {
    return body(status, null, detail, instance, errorId);
  }

  private static String body(int status, String type, String detail, String instance,
      String errorId) {
    String title = title(status);
    String text = detail == null || detail.isBlank() ? title : JdbcUrls.redact(detail);
    Problem problem = new Problem(type != null ? type
        : "/problems/" + title.toLowerCase(Locale.ROOT).replace(' ', '-'),
        title, status, text, instance, errorId);
    try {
      return JSON.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a problem record did not serialize", e);
    }
  }

  private static boolean hasBody(Context ctx) {
    return ctx.req().getContentLengthLong() > 0
        || "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"));
  }

  private static boolean isSent(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(SENT));
  }

  /** A short random id that ties a 500's body to its log line. */
  private static String errorId() {
    byte[] bytes = new byte[6];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "HTTP " + status;
    };
  }
}
