package candor.app.http;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint of the API as the server registers it, {@link Edge} checks its requests and the
 * OpenAPI document describes it: method, path, handler and what it takes and gives. The same
 * declarations drive all three, so what is documented is what is enforced.
 *
 * @param method the HTTP method
 * @param path the path, with {@code {name}} path parameters
 * @param tag the resource it belongs to (the OpenAPI tag)
 * @param summary what it does, one sentence
 * @param handler the handler, a method reference of the resource class
 * @param body what the request body holds
 * @param query the query parameters it reads; copied
 * @param params its path parameters, one per {@code {name}} of the path, in order; copied
 * @param status the status of a successful response (200, 201)
 * @param produces the media type of a successful response
 * @param response the Java type whose JSON a successful response holds, or {@code null} when it
 *     is not JSON
 * @param open whether it is served without an API key
 */
record ApiRoute(
    HandlerType method,
    String path,
    String tag,
    String summary,
    Handler handler,
    Body body,
    List<Field> query,
    List<Field> params,
    int status,
    String produces,
    JavaType response,
    boolean open) {

  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

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
   * A named field of a body, a query or a path parameter.
   *
   * @param name its name
   * @param type its type: {@code string}, {@code integer}, {@code boolean}, {@code array} (of
   *     strings), {@code object}, {@code file} (a multipart file) or {@code uuid} (a string in
   *     the canonical UUID form)
   * @param required whether it must be given
   * @param description what it means
   * @param example a value to show in the documentation, or {@code null}
   */
  record Field(String name, String type, boolean required, String description, Object example) {

    /** The types a field may have. */
    static final List<String> TYPES =
        List.of("string", "integer", "number", "boolean", "array", "object", "file", "uuid");

    Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      if (TYPES.contains(type) == false) {
        throw new IllegalArgumentException("field type must be one of " + TYPES + ", got '"
            + type + "'");
      }
    }

    /** Returns this field with a documented example value. */
    Field example(Object value) {
      return new Field(name, type, required, description, value);
    }
  }

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

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the path parameters do not match the path's
   */
  ApiRoute {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(body, "body");
    query = List.copyOf(query);
    params = List.copyOf(params);
    List<String> names = pathParamNames(path);
    if (params.stream().map(Field::name).toList().equals(names) == false) {
      throw new IllegalArgumentException("the path parameters of " + path + " are " + names
          + ", declared " + params.stream().map(Field::name).toList());
    }
  }

  static ApiRoute get(String path, String tag, String summary, Handler handler, Field... query) {
    return new ApiRoute(HandlerType.GET, path, tag, summary, handler, Body.NONE, List.of(query),
        stringParams(path), 200, "application/json", null, false);
  }

  static ApiRoute post(String path, String tag, String summary, Handler handler, Body body,
      int status) {
    return new ApiRoute(HandlerType.POST, path, tag, summary, handler, body, List.of(),
        stringParams(path), status, "application/json", null, false);
  }

  static ApiRoute delete(String path, String tag, String summary, Handler handler) {
    return new ApiRoute(HandlerType.DELETE, path, tag, summary, handler, Body.NONE, List.of(),
        stringParams(path), 200, "application/json", null, false);
  }

  /** Returns this route with a successful response of another media type (not JSON). */
  ApiRoute producing(String mediaType) {
    return new ApiRoute(method, path, tag, summary, handler, body, query, params, status,
        mediaType, null, open);
  }

  /** Returns this route answering the JSON of {@code type}. */
  ApiRoute returning(Class<?> type) {
    return returning(TypeFactory.defaultInstance().constructType(type));
  }

  /** Returns this route answering a JSON array of {@code type}. */
  ApiRoute returningListOf(Class<?> type) {
    return returning(TypeFactory.defaultInstance().constructCollectionType(List.class, type));
  }

  private ApiRoute returning(JavaType type) {
    return new ApiRoute(method, path, tag, summary, handler, body, query, params, status,
        produces, type, open);
  }

  /**
   * Returns this route with its path parameters typed and described: one field for each
   * {@code {name}} of the path, in order.
   */
  ApiRoute params(Field... pathParams) {
    return new ApiRoute(method, path, tag, summary, handler, body, query, List.of(pathParams),
        status, produces, response, open);
  }

  /** Returns this route served without an API key. */
  ApiRoute keyless() {
    return new ApiRoute(method, path, tag, summary, handler, body, query, params, status,
        produces, response, true);
  }

  static Field field(String name, String type, String description) {
    return new Field(name, type, true, description, null);
  }

  static Field optional(String name, String type, String description) {
    return new Field(name, type, false, description, null);
  }

  /** The names of a path's {@code {name}} parameters, in order. */
  static List<String> pathParamNames(String path) {
    List<String> names = new ArrayList<>();
    Matcher m = PATH_PARAM.matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static List<Field> stringParams(String path) {
    return pathParamNames(path).stream()
        .map(name -> field(name, "string", "the " + name)).toList();
  }
}
