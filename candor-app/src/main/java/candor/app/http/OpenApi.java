package candor.app.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3 document from the routes the server registers, so the two cannot drift
 * apart. (Javalin's OpenAPI plugin generates it from annotations with an annotation processor;
 * the route table already holds what it needs.)
 */
final class OpenApi {

  private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

  private OpenApi() {}

  static Map<String, Object> document(List<ApiRoute> routes, String version) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put("info", Map.of(
        "title", "Candor API",
        "version", version,
        "description", "Accountable face search. Every route but /healthz needs an API key"
            + " (Authorization: Bearer <key>); what a key may do depends on its role and the"
            + " collections it is granted. Every search states a purpose and a case; results"
            + " are candidates for human review. Errors are application/problem+json."));
    Map<String, Object> paths = new LinkedHashMap<>();
    for (ApiRoute route : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(),
          p -> new LinkedHashMap<String, Object>());
      item.put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
    }
    doc.put("paths", paths);
    Map<String, Object> problem = Map.of("type", "object", "properties", Map.of(
        "type", Map.of("type", "string"), "title", Map.of("type", "string"),
        "status", Map.of("type", "integer"), "detail", Map.of("type", "string"),
        "instance", Map.of("type", "string")));
    doc.put("components", Map.of(
        "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer",
            "description", "an API key from `candor keys create` or POST /v1/keys")),
        "schemas", Map.of("Problem", problem)));
    doc.put("security", List.of(Map.of("bearer", List.of())));
    return doc;
  }

  private static Map<String, Object> operation(ApiRoute route) {
    Map<String, Object> op = new LinkedHashMap<>();
    op.put("tags", List.of(route.tag()));
    op.put("summary", route.summary());
    op.put("operationId", route.method().name().toLowerCase(Locale.ROOT)
        + route.path().replaceAll("[^A-Za-z0-9]+", "_"));
    if (route.path().equals("/healthz")) {
      op.put("security", List.of());
    }
    List<Object> parameters = new ArrayList<>();
    Matcher m = PATH_PARAM.matcher(route.path());
    while (m.find()) {
      parameters.add(Map.of("name", m.group(1), "in", "path", "required", true,
          "schema", Map.of("type", "string")));
    }
    for (ApiRoute.Field q : route.query()) {
      parameters.add(Map.of("name", q.name(), "in", "query", "required", q.required(),
          "description", q.description(), "schema", Map.of("type", q.type())));
    }
    if (parameters.isEmpty() == false) {
      op.put("parameters", parameters);
    }
    if (route.body().kind() != ApiRoute.BodyKind.NONE) {
      boolean multipart = route.body().kind() == ApiRoute.BodyKind.MULTIPART;
      Map<String, Object> properties = new LinkedHashMap<>();
      List<String> required = new ArrayList<>();
      for (ApiRoute.Field f : route.body().fields()) {
        Map<String, Object> schema = new LinkedHashMap<>();
        if (f.type().equals("file")) {
          schema.put("type", "string");
          schema.put("format", "binary");
        } else {
          schema.put("type", f.type());
          if (f.type().equals("array")) {
            schema.put("items", Map.of("type", "string"));
          }
        }
        schema.put("description", f.description());
        properties.put(f.name(), schema);
        if (f.required()) {
          required.add(f.name());
        }
      }
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put("properties", properties);
      if (required.isEmpty() == false) {
        schema.put("required", required);
      }
      op.put("requestBody", Map.of("required", true, "content", Map.of(
          multipart ? "multipart/form-data" : "application/json", Map.of("schema", schema))));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put(Integer.toString(route.status()), Map.of("description", "success",
        "content", Map.of(route.produces(), Map.of("schema", Map.of()))));
    Map<String, Object> problem = Map.of("application/problem+json",
        Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")));
    if (route.path().equals("/healthz") == false) {
      responses.put("400", Map.of("description", "bad request", "content", problem));
      responses.put("401", Map.of("description", "no, unknown or revoked API key",
          "content", problem));
      responses.put("403", Map.of("description", "the key's role or grants do not allow it"
          + " (the denial is audited)", "content", problem));
    }
    if (PATH_PARAM.matcher(route.path()).find()) {
      responses.put("404", Map.of("description", "not found", "content", problem));
    }
    if (route.body().kind() == ApiRoute.BodyKind.MULTIPART) {
      responses.put("413", Map.of("description", "upload over the size or pixel limits",
          "content", problem));
      responses.put("422", Map.of("description", "not a readable image", "content", problem));
    }
    op.put("responses", responses);
    return op;
  }
}
