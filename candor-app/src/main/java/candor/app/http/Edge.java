package candor.app.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks every request passes between the key filter and its route's handler, from the
 * route's own declarations ({@link ApiRoute}), cheapest first, so that bad input is refused
 * clearly and without reading more of it than needed:
 *
 * <ol>
 *   <li>the body's declared type and length, before a byte of it is read: 415 for a type the
 *       route does not take, 413 for a declared length over the route's limit;
 *   <li>typed path and query parameters: 400 naming the parameter and the value;
 *   <li>the body, read through a cap so that a chunked body without a declared length stops at
 *       the limit too (413): a JSON body is parsed, must be an object, and each declared field
 *       present and of its type (400); a multipart body is parsed by {@link Uploads}.
 * </ol>
 *
 * <p>A handler of a JSON route takes its body from {@link #body(Context, Class)}, never from
 * {@code ctx.body()} (the stream is consumed here). Thread-safe: it holds no request state.
 */
final class Edge {

  /**
   * The largest JSON body accepted, in bytes. Candor's JSON requests are a few fields of at most
   * a few thousand characters each.
   */
  static final int MAX_JSON_BYTES = 64 * 1024;

  /** The attribute holding the matched route, set before any check. */
  private static final String ROUTE = "candor.route";

  /** The attribute holding the parsed JSON body of a JSON route. */
  private static final String BODY = "candor.body";

  private static final Pattern UUID_FORM = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final ObjectReader reader;
  private final ObjectMapper mapper;
  private final Uploads uploads;

  /**
   * Creates the checks.
   *
   * @param mapper the API's JSON mapper, which handlers' bodies are bound with
   * @param uploads the multipart reader, with the upload limits
   */
  Edge(ObjectMapper mapper, Uploads uploads) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    // Refuse what a lenient parser would guess at: trailing data, a key given twice.
    this.reader = mapper.reader()
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * Returns the route's handler behind the checks.
   *
   * @param route the route
   * @return a handler that checks the request, then runs the route's
   */
  Handler guard(ApiRoute route) {
    return ctx -> {
      ctx.attribute(ROUTE, route);
      switch (route.body().kind()) {
        case NONE -> checkNoBody(ctx);
        case JSON -> checkJsonHeaders(ctx);
        case MULTIPART -> uploads.checkHeaders(ctx, route);
      }
      for (ApiRoute.Field p : route.params()) {
        check("path parameter", p, ctx.pathParam(p.name()));
      }
      for (ApiRoute.Field q : route.query()) {
        String value = ctx.queryParam(q.name());
        if (value == null) {
          if (q.required()) {
            throw new BadRequestResponse("query parameter '" + q.name() + "' is required: "
                + q.description());
          }
        } else {
          check("query parameter", q, value);
        }
      }
      switch (route.body().kind()) {
        case NONE -> { }
        case JSON -> ctx.attribute(BODY, readJson(route, ctx));
        case MULTIPART -> uploads.parse(ctx);
      }
      route.handler().handle(ctx);
    };
  }

  /**
   * Returns whether a request reached one of the route table's handlers (as opposed to no route
   * matching its path).
   *
   * @param ctx the request
   * @return {@code true} once the checks of a route began
   */
  static boolean routed(Context ctx) {
    return ctx.attribute(ROUTE) != null;
  }

  /**
   * Returns the checked JSON body of the request bound to {@code type}.
   *
   * @param ctx the request of a JSON route
   * @param type the body's record type
   * @param <T> the type
   * @return the body
   * @throws BadRequestResponse if a value does not fit its field (a nested field of the wrong
   *     type, a number out of range)
   * @throws IllegalStateException if the route takes no JSON body
   */
  static <T> T body(Context ctx, Class<T> type) {
    JsonBody body = ctx.attribute(BODY);
    if (body == null) {
      throw new IllegalStateException(ctx.method() + " " + ctx.path() + " has no JSON body");
    }
    return body.as(type);
  }

  /** A parsed JSON body and the mapper to bind it with. */
  private record JsonBody(JsonNode node, ObjectMapper mapper) {
    <T> T as(Class<T> type) {
      try {
        return mapper.treeToValue(node, type);
      } catch (JsonMappingException e) {
        String at = e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining(".")).replace(".[", "[");
        throw new BadRequestResponse((at.isEmpty() ? "the body" : "'" + at + "'")
            + " does not fit: " + e.getOriginalMessage());
      } catch (JsonProcessingException e) {
        throw new BadRequestResponse("the body does not fit: " + e.getOriginalMessage());
      }
    }
  }

  private static void checkNoBody(Context ctx) {
    long length = ctx.req().getContentLengthLong();
    if (length > MAX_JSON_BYTES) {
      throw new HttpResponseException(413, ctx.method() + " " + ctx.path()
          + " takes no body, got one of " + length + " bytes");
    }
  }

  private static void checkJsonHeaders(Context ctx) {
    String type = ctx.contentType();
    if (isJson(type) == false) {
      throw new HttpResponseException(415, "send the body as application/json"
          + (type == null || type.isBlank() ? "" : ", got '" + abbreviate(type) + "'"));
    }
    long length = ctx.req().getContentLengthLong();
    if (length > MAX_JSON_BYTES) {
      throw tooLarge(length);
    }
  }

  private JsonBody readJson(ApiRoute route, Context ctx) throws IOException {
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      // One byte over the cap tells a body over the limit; a chunked body stops here too.
      bytes = in.readNBytes(MAX_JSON_BYTES + 1);
    } catch (IOException e) {
      throw new BadRequestResponse("the request body could not be read: " + e.getMessage());
    }
    if (bytes.length > MAX_JSON_BYTES) {
      throw tooLarge(-1);
    }
    if (bytes.length == 0) {
      throw new BadRequestResponse("the body is empty: send a JSON object with "
          + names(route.body().fields()));
    }
    JsonNode node;
    try {
      node = reader.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BadRequestResponse("the body is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? ""
              : " (line " + e.getLocation().getLineNr() + ", column "
                  + e.getLocation().getColumnNr() + ")"));
    }
    if (node == null || node.isObject() == false) {
      throw new BadRequestResponse("the body must be a JSON object with "
          + names(route.body().fields()) + ", got " + kind(node));
    }
    List<String> declared = route.body().fields().stream().map(ApiRoute.Field::name).toList();
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (declared.contains(name) == false) {
        throw new BadRequestResponse("unknown field '" + abbreviate(name) + "': the body takes "
            + names(route.body().fields()));
      }
    }
    for (ApiRoute.Field f : route.body().fields()) {
      JsonNode value = node.get(f.name());
      if (value == null || value.isNull()) {
        if (f.required()) {
          throw new BadRequestResponse("'" + f.name() + "' is required: " + f.description());
        }
      } else if (fits(f.type(), value) == false) {
        throw new BadRequestResponse("'" + f.name() + "' must be " + article(f.type()) + ", got "
            + kind(value));
      }
    }
    return new JsonBody(node, mapper);
  }

  private static boolean fits(String type, JsonNode value) {
    return switch (type) {
      case "string" -> value.isTextual();
      case "uuid" -> value.isTextual() && UUID_FORM.matcher(value.asText()).matches();
      case "integer" -> value.isIntegralNumber() && value.canConvertToLong();
      case "number" -> value.isNumber() && Double.isFinite(value.asDouble());
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> {
        if (value.isArray() == false) {
          yield false;
        }
        for (JsonNode item : value) {
          if (item.isTextual() == false) {
            yield false;
          }
        }
        yield true;
      }
      default -> false;
    };
  }

  private static void check(String where, ApiRoute.Field f, String value) {
    boolean ok = switch (f.type()) {
      case "integer" -> {
        try {
          Long.parseLong(value.strip());
          yield true;
        } catch (NumberFormatException e) {
          yield false;
        }
      }
      case "number" -> {
        try {
          yield Double.isFinite(Double.parseDouble(value.strip()));
        } catch (NumberFormatException e) {
          yield false;
        }
      }
      case "uuid" -> UUID_FORM.matcher(value).matches();
      case "boolean" -> value.equals("true") || value.equals("false");
      default -> true;
    };
    if (ok == false) {
      throw new BadRequestResponse(where + " '" + f.name() + "' must be " + article(f.type())
          + ", got '" + abbreviate(value) + "'");
    }
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json")
        || (media.startsWith("application/") && media.endsWith("+json"));
  }

  private static HttpResponseException tooLarge(long length) {
    return new HttpResponseException(413, "the JSON body is "
        + (length < 0 ? "over " + MAX_JSON_BYTES : Long.toString(length))
        + " bytes, the limit is " + MAX_JSON_BYTES);
  }

  private static String article(String type) {
    return switch (type) {
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "array" -> "an array of strings";
      case "object" -> "an object";
      case "uuid" -> "a UUID (8-4-4-4-12 hex digits)";
      default -> "a " + type;
    };
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String names(List<ApiRoute.Field> fields) {
    List<String> out = new ArrayList<>();
    for (ApiRoute.Field f : fields) {
      out.add(f.name() + (f.required() ? "" : " (optional)"));
    }
    return String.join(", ", out);
  }

  /** Shortens what a client sent before it is quoted back. */
  static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}
