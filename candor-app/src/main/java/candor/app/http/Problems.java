package candor.app.http;

import candor.core.audit.CheckpointRefusedException;
import candor.core.policy.AccessDeniedException;
import candor.core.store.AlreadyExistsException;
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
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to an {@code application/problem+json} response, in this one place: the
 * domain's exceptions by type to a status, the HTTP layer's own ({@link HttpResponseException},
 * validation) to theirs, anything else to 500 without internals.
 */
final class Problems {

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  static final String CONTENT_TYPE = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Marks a 404 that names what does not exist, so it is not reworded as an unknown path. */
  private static final String DOMAIN_NOT_FOUND = "candor.not-found";

  private Problems() {}

  /** Registers the mapping on the router. */
  static void configure(JavalinConfig config) {
    config.router.mount(router -> {
      router.exception(HttpResponseException.class,
          (e, ctx) -> send(ctx, e.getStatus(), e.getMessage()));
      router.exception(ValidationException.class, (e, ctx) -> send(ctx, 400,
          e.getErrors().entrySet().stream()
              .map(en -> en.getKey() + ": " + en.getValue().stream()
                  .map(v -> v.getMessage()).collect(Collectors.joining(", ")))
              .collect(Collectors.joining("; "))));
      router.exception(AccessDeniedException.class, (e, ctx) -> send(ctx, 403, e.getMessage()));
      router.exception(NotFoundException.class, (e, ctx) -> {
        ctx.attribute(DOMAIN_NOT_FOUND, Boolean.TRUE); // keeps the 404 handler below off it
        send(ctx, 404, e.getMessage());
      });
      router.exception(AlreadyExistsException.class, (e, ctx) -> send(ctx, 409, e.getMessage()));
      router.exception(CheckpointRefusedException.class,
          (e, ctx) -> send(ctx, 409, e.getMessage()));
      router.exception(candor.core.store.ModelMismatchException.class,
          (e, ctx) -> send(ctx, 409, e.getMessage()));
      router.exception(ImageTooLargeException.class, (e, ctx) -> send(ctx, 413, e.getMessage()));
      router.exception(VisionException.class, (e, ctx) -> send(ctx, 422, e.getMessage()));
      // The index is derived data on another service (SolrCloud) or disk: while it is away a
      // search cannot run, but nothing is lost; what the store committed replays when it returns.
      router.exception(IndexStorageException.class, (e, ctx) -> {
        LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        send(ctx, 503, "the vector index is unavailable, try again later: " + e.getMessage());
      });
      router.exception(IllegalArgumentException.class, (e, ctx) -> send(ctx, 400, e.getMessage()));
      router.exception(NullPointerException.class, (e, ctx) ->
          send(ctx, 400, "missing field: " + e.getMessage()));
      router.exception(JsonProcessingException.class, (e, ctx) ->
          send(ctx, 400, "the body is not the JSON expected: " + e.getOriginalMessage()));
      router.exception(Exception.class, (e, ctx) -> {
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        send(ctx, 500, "internal error; the server log has the details");
      });
      router.error(404, ctx -> {
        if (ctx.attribute(DOMAIN_NOT_FOUND) == null
            && (ctx.contentType() == null || ctx.result() == null)) {
          send(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
        }
      });
      router.error(405, ctx -> send(ctx, 405, ctx.method() + " is not allowed on " + ctx.path()));
    });
  }

  /** Writes a problem response. */
  static void send(Context ctx, int status, String detail) {
    String title = title(status);
    Problem problem = new Problem("/problems/" + title.toLowerCase(Locale.ROOT).replace(' ', '-'),
        title, status, detail == null || detail.isBlank() ? title : detail, ctx.path());
    if (status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"candor\"");
    }
    ctx.status(status);
    try {
      ctx.contentType(CONTENT_TYPE).result(JSON.writeValueAsString(problem));
    } catch (JsonProcessingException e) {
      ctx.contentType("text/plain").result(title + ": " + detail);
    }
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "HTTP " + status;
    };
  }
}
