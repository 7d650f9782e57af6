package candor.app.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Objects;

/**
 * One endpoint of the API as the server registers it and the OpenAPI document describes it:
 * method, path, handler and what it takes and gives.
 *
 * @param method the HTTP method
 * @param path the path, with {@code {name}} path parameters
 * @param tag the resource it belongs to (the OpenAPI tag)
 * @param summary what it does, one sentence
 * @param handler the handler, a method reference of the resource class
 * @param body what the request body holds
 * @param query the query parameters it reads; copied
 * @param status the status of a successful response (200, 201)
 * @param produces the media type of a successful response
 */
record ApiRoute(
    HandlerType method,
    String path,
    String tag,
    String summary,
    Handler handler,
    Body body,
    List<Field> query,
    int status,
    String produces) {

  /** The kinds of request body. */
  enum BodyKind {
    /** No body. */
    NONE,
    /** {@code application/json}. */
    JSON,
    /** {@code multipart/form-data}, with image files. */
    MULTIPART
  }

  /**
   * A named field of a body or a query parameter.
   *
   * @param name its name
   * @param type its OpenAPI type: {@code string}, {@code integer}, {@code array}, {@code object},
   *     {@code file}
   * @param required whether it must be given
   * @param description what it means
   */
  record Field(String name, String type, boolean required, String description) {}

  /**
   * A request body.
   *
   * @param kind JSON, multipart or none
   * @param fields its fields; copied
   */
  record Body(BodyKind kind, List<Field> fields) {
    Body {
      Objects.requireNonNull(kind, "kind");
      fields = List.copyOf(fields);
    }

    static final Body NONE = new Body(BodyKind.NONE, List.of());

    static Body json(Field... fields) {
      return new Body(BodyKind.JSON, List.of(fields));
    }

    static Body multipart(Field... fields) {
      return new Body(BodyKind.MULTIPART, List.of(fields));
    }
  }

  ApiRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(body, "body");
    query = List.copyOf(query);
  }

  static ApiRoute get(String path, String tag, String summary, Handler handler, Field... query) {
    return new ApiRoute(HandlerType.GET, path, tag, summary, handler, Body.NONE, List.of(query),
        200, "application/json");
  }

  static ApiRoute post(String path, String tag, String summary, Handler handler, Body body,
      int status) {
    return new ApiRoute(HandlerType.POST, path, tag, summary, handler, body, List.of(), status,
        "application/json");
  }

  static ApiRoute delete(String path, String tag, String summary, Handler handler) {
    return new ApiRoute(HandlerType.DELETE, path, tag, summary, handler, Body.NONE, List.of(),
        200, "application/json");
  }

  ApiRoute producing(String mediaType) {
    return new ApiRoute(method, path, tag, summary, handler, body, query, status, mediaType);
  }

  static Field field(String name, String type, String description) {
    return new Field(name, type, true, description);
  }

  static Field optional(String name, String type, String description) {
    return new Field(name, type, false, description);
  }
}
