package candor.app.http;

import static candor.app.http.Schemas.map;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the OpenAPI 3 document from the routes the server registers, so the two cannot drift
 * apart. (Javalin's OpenAPI plugin generates it from annotations with an annotation processor;
 * the route table already holds what it needs.) Request schemas come from the routes' declared
 * fields (the same declarations {@link Edge} enforces), response schemas from the response types
 * as the JSON mapper writes them (see {@link Schemas}).
 */
final class OpenApi {

  private OpenApi() {}

  /**
   * Builds the document.
   *
   * @param routes the routes, in the order registered
   * @param version the API's version
   * @param mapper the JSON mapper the responses are written with
   * @param limits the upload limits, for the description
   * @return the document, as maps and lists for the JSON mapper
   */
  static Map<String, Object> document(List<ApiRoute> routes, String version, ObjectMapper mapper,
      Uploads limits) {
    Schemas schemas = new Schemas(mapper);
    schemas.define("Problem", problemSchema());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put("info", map(
        "title", "Candor API",
        "version", version,
        "description", "Accountable face search. Every route but /healthz and this document"
            + " needs an API key (Authorization: Bearer <key>); what a key may do depends on its"
            + " role and the collections it is granted. Every search states a purpose and a"
            + " case; results are candidates for human review.\n\n"
            + "Errors are application/problem+json (RFC 9457); a 500 carries an errorId that"
            + " the server's log line carries too. Limits: a JSON body is at most "
            + Edge.MAX_JSON_BYTES + " bytes; a multipart request at most "
            + limits.maxRequestBytes() + " bytes, with at most " + Uploads.MAX_FILES
            + " files of at most " + limits.maxFileBytes() + " bytes each and "
            + Uploads.MAX_FORM_TEXT_BYTES + " bytes of text fields in all. Responses of the API"
            + " carry Cache-Control: no-store and X-Content-Type-Options: nosniff."));
    Map<String, Object> paths = new LinkedHashMap<>();
    for (ApiRoute route : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(),
          p -> new LinkedHashMap<String, Object>());
      item.put(route.method().name().toLowerCase(Locale.ROOT), operation(route, schemas));
    }
    doc.put("paths", paths);
    doc.put("components", map(
        "securitySchemes", map("bearer", map("type", "http", "scheme", "bearer",
            "bearerFormat", "candor API key",
            "description", "an API key from `candor keys create` or POST /v1/keys")),
        "schemas", schemas.components()));
    doc.put("security", List.of(map("bearer", List.of())));
    return doc;
  }

  private static Map<String, Object> problemSchema() {
    return map("type", "object",
        "properties", map(
            "type", map("type", "string", "description", "the kind of problem, a relative URI"),
            "title", map("type", "string", "description", "the kind of problem in words"),
            "status", map("type", "integer", "format", "int32"),
            "detail", map("type", "string", "description", "what went wrong this time"),
            "instance", map("type", "string", "description", "the request path"),
            "errorId", map("type", "string", "description", "500 only: the id of the server's"
                + " log line with the details")),
        "required", List.of("type", "title", "status", "detail"),
        "example", map("type", "/problems/bad-request", "title", "Bad Request", "status", 400,
            "detail", "unknown search purpose 'curiosity', expected one of"
                + " criminal-investigation, missing-person, victim-identification,"
                + " identity-verification, evaluation",
            "instance", "/v1/search"));
  }

  private static Map<String, Object> operation(ApiRoute route, Schemas schemas) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("tags", List.of(route.tag()));
    op.put("summary", route.summary());
    op.put("operationId", route.method().name().toLowerCase(Locale.ROOT)
        + route.path().replaceAll("[^A-Za-z0-9]+", "_"));
    if (route.open()) {
      op.put("security", List.of());
    }
    List<Object> parameters = new ArrayList<>();
    for (ApiRoute.Field p : route.params()) {
      parameters.add(parameter(p, "path"));
    }
    for (ApiRoute.Field q : route.query()) {
      parameters.add(parameter(q, "query"));
    }
    if (parameters.isEmpty() == false) {
      op.put("parameters", parameters);
    }
    if (route.body().kind() != ApiRoute.BodyKind.NONE) {
      op.put("requestBody", requestBody(route));
    }
    Map<String, Object> success = map("description", "success");
    Map<String, Object> content = new LinkedHashMap<>();
    if (route.response() != null) {
      content.put("schema", schemas.of(route.response()));
    } else if (route.produces().startsWith("text/")) {
      content.put("schema", map("type", "string"));
    } else {
      content.put("schema", map("type", "string", "format", "binary"));
    }
    success.put("content", map(route.produces(), content));
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put(Integer.toString(route.status()), success);
    boolean checked = route.body().kind() != ApiRoute.BodyKind.NONE
        || route.params().isEmpty() == false || route.query().isEmpty() == false;
    if (checked) {
      responses.put("400", problem("the request is malformed or breaks a rule; the detail says"
          + " which field and why"));
    }
    if (route.open() == false) {
      responses.put("401", problem("no, unknown or revoked API key"));
      responses.put("403", problem("the key's role or grants do not allow it (the denial is"
          + " audited)"));
    }
    if (route.params().isEmpty() == false) {
      responses.put("404", problem("what the path names does not exist; the detail names it"));
    }
    if (route.body().kind() != ApiRoute.BodyKind.NONE) {
      responses.put("413", problem(route.body().kind() == ApiRoute.BodyKind.MULTIPART
          ? "the request, a file, the text fields or an image's pixels exceed their limits"
          : "the body exceeds " + Edge.MAX_JSON_BYTES + " bytes"));
      responses.put("415", problem(route.body().kind() == ApiRoute.BodyKind.MULTIPART
          ? "the body is not multipart/form-data" : "the body is not application/json"));
    }
    if (route.body().kind() == ApiRoute.BodyKind.MULTIPART) {
      responses.put("422", problem("a file is not a readable image"));
    }
    responses.put("500", problem("a fault of the server; the problem's errorId names the log"
        + " line"));
    op.put("responses", responses);
    return op;
  }

  private static Map<String, Object> parameter(ApiRoute.Field f, String in) {
    Map<String, Object> p = map("name", f.name(), "in", in, "required",
        in.equals("path") || f.required(), "description", f.description(),
        "schema", fieldSchema(f));
    if (f.example() != null) {
      p.put("example", f.example());
    }
    return p;
  }

  private static Map<String, Object> requestBody(ApiRoute route) {
    boolean multipart = route.body().kind() == ApiRoute.BodyKind.MULTIPART;
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    Map<String, Object> example = new LinkedHashMap<>();
    for (ApiRoute.Field f : route.body().fields()) {
      properties.put(f.name(), fieldSchema(f));
      if (f.required()) {
        required.add(f.name());
      }
      if (f.example() != null) {
        example.put(f.name(), f.example());
      }
    }
    Map<String, Object> schema = map("type", "object", "properties", properties);
    if (required.isEmpty() == false) {
      schema.put("required", required);
    }
    if (multipart == false) {
      schema.put("additionalProperties", false);
    }
    Map<String, Object> media = map("schema", schema);
    if (example.isEmpty() == false) {
      media.put("example", example);
    }
    return map("required", true, "content",
        map(multipart ? "multipart/form-data" : "application/json", media));
  }

  private static Map<String, Object> fieldSchema(ApiRoute.Field f) {
    Map<String, Object> schema = switch (f.type()) {
      case "file" -> map("type", "string", "format", "binary");
      case "uuid" -> map("type", "string", "format", "uuid");
      case "integer" -> map("type", "integer", "format", "int64");
      case "array" -> map("type", "array", "items", map("type", "string"));
      default -> map("type", f.type());
    };
    schema.put("description", f.description());
    return schema;
  }

  private static Map<String, Object> problem(String description) {
    return map("description", description, "content", map(Problems.CONTENT_TYPE,
        map("schema", map("$ref", "#/components/schemas/Problem"))));
  }
}
