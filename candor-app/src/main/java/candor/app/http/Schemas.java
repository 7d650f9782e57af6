package candor.app.http;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Derives the OpenAPI (3.0) schemas of response types from the JSON mapper's own view of them,
 * so that the document shows the properties the server writes, by the names and types it writes
 * them: records and beans become named component schemas ({@code #/components/schemas/Name}),
 * collections arrays, maps objects, enums strings with their values, times strings in ISO-8601
 * (the API writes dates as text), and a {@link JsonRawValue} field any JSON.
 *
 * <p>Not thread-safe: one instance collects the components of one document.
 */
final class Schemas {

  private final ObjectMapper mapper;
  private final Map<String, Object> components = new TreeMap<>();
  private final Map<Class<?>, String> names = new LinkedHashMap<>();

  Schemas(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** Returns the named schemas collected so far, for {@code components.schemas}. */
  Map<String, Object> components() {
    return components;
  }

  /** Adds a named schema written by hand (the problem body). */
  void define(String name, Map<String, Object> schema) {
    components.put(name, schema);
  }

  /**
   * Returns the schema of a type: inline for scalars, arrays and maps, a reference to a named
   * component for records and beans.
   *
   * @param type the type as the mapper sees it
   * @return the schema
   */
  Map<String, Object> of(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (type.isArrayType() && raw != byte[].class || type.isCollectionLikeType()) {
      return map("type", "array", "items", of(type.getContentType()));
    }
    if (type.isMapLikeType()) {
      return map("type", "object", "additionalProperties", of(type.getContentType()));
    }
    Map<String, Object> scalar = scalar(raw);
    if (scalar != null) {
      return scalar;
    }
    if (raw.isEnum()) {
      List<String> values = new ArrayList<>();
      for (Object constant : raw.getEnumConstants()) {
        values.add(mapper.convertValue(constant, String.class));
      }
      return map("type", "string", "enum", values);
    }
    if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
      return map(); // any JSON
    }
    return Map.of("$ref", "#/components/schemas/" + named(type));
  }

  private String named(JavaType type) {
    Class<?> raw = type.getRawClass();
    String known = names.get(raw);
    if (known != null) {
      return known;
    }
    String name = raw.getSimpleName();
    if (components.containsKey(name) || names.containsValue(name)) {
      // The same simple name in two places (a view and a core record): prefix the outer class.
      name = raw.getEnclosingClass() == null ? raw.getName().replace('.', '_')
          : raw.getEnclosingClass().getSimpleName() + name;
    }
    names.put(raw, name);
    BeanDescription bean = mapper.getSerializationConfig().introspect(type);
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (BeanPropertyDefinition p : bean.findProperties()) {
      if (p.couldSerialize() == false) {
        continue;
      }
      AnnotatedMember accessor = p.getAccessor();
      if (accessor != null && accessor.hasAnnotation(JsonRawValue.class)) {
        properties.put(p.getName(), map("description", "any JSON, as recorded"));
        continue;
      }
      JavaType propertyType = p.getPrimaryType();
      Map<String, Object> schema = of(propertyType);
      if (propertyType.isPrimitive()) {
        required.add(p.getName());
      } else if (schema.containsKey("type") && schema.get("type").equals("array") == false
          && schema.get("type").equals("object") == false) {
        schema = new LinkedHashMap<>(schema);
        schema.put("nullable", true);
      }
      properties.put(p.getName(), schema);
    }
    Map<String, Object> schema = map("type", "object", "properties", properties);
    if (required.isEmpty() == false) {
      schema.put("required", required);
    }
    components.put(name, schema);
    return name;
  }

  private static Map<String, Object> scalar(Class<?> raw) {
    if (raw == String.class || CharSequence.class.isAssignableFrom(raw) || raw == char.class
        || raw == Character.class) {
      return map("type", "string");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return map("type", "boolean");
    }
    if (raw == int.class || raw == Integer.class || raw == short.class || raw == Short.class
        || raw == byte.class || raw == Byte.class) {
      return map("type", "integer", "format", "int32");
    }
    if (raw == long.class || raw == Long.class || raw == BigInteger.class) {
      return map("type", "integer", "format", "int64");
    }
    if (raw == float.class || raw == Float.class) {
      return map("type", "number", "format", "float");
    }
    if (raw == double.class || raw == Double.class || raw == BigDecimal.class) {
      return map("type", "number", "format", "double");
    }
    if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class
        || raw == LocalDateTime.class) {
      return map("type", "string", "format", "date-time");
    }
    if (raw == LocalDate.class) {
      return map("type", "string", "format", "date");
    }
    if (raw == Duration.class || raw == Period.class) {
      return map("type", "string", "description", "an ISO-8601 duration or period");
    }
    if (raw.getPackageName().equals("java.time")) {
      // The API's mapper writes every date and time as ISO-8601 text (YearMonth as 2026-12).
      return map("type", "string", "description", "ISO-8601 " + raw.getSimpleName());
    }
    if (raw == UUID.class) {
      return map("type", "string", "format", "uuid");
    }
    if (raw == byte[].class) {
      return map("type", "string", "format", "byte");
    }
    return null;
  }

  /** A mutable, insertion-ordered map of alternating keys and values. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
