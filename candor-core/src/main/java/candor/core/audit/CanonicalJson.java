package candor.core.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes JSON in the one form the audit chain hashes: object keys sorted by UTF-16 code units,
 * no whitespace, strings escaped minimally ({@code "}, {@code \} and control characters only,
 * controls as {@code \b \f \n \r \t} or {@code \}{@code u00xx} in lower-case hex).
 *
 * <p>The writer is our own rather than a JSON library's so that a library upgrade can never
 * change the bytes of an entry and so break verification of an old chain. Stateless and
 * thread-safe.
 */
final class CanonicalJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /**
   * Returns a deep, immutable, key-sorted copy of {@code value} made of the types JSON can hold,
   * converting {@link UUID}, {@link Instant}, {@link LocalDate} and enums to strings.
   *
   * @throws IllegalArgumentException for other types, arrays (binary or vector data must never
   *     reach the audit) and non-finite numbers; the message names the key
   */
  static Object normalise(String path, Object value) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Boolean b -> b;
      case Integer i -> i.longValue();
      case Long l -> l;
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger b -> b;
      case BigDecimal b -> b;
      case Double d -> finite(path, d);
      case Float f -> finite(path, f.doubleValue());
      case UUID u -> u.toString();
      case Instant t -> t.toString();
      case LocalDate d -> d.toString();
      case Enum<?> e -> e.name();
      case Map<?, ?> map -> {
        SortedMap<String, Object> copy = new TreeMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (entry.getKey() instanceof String key) {
            copy.put(key, normalise(path + "." + key, entry.getValue()));
          } else {
            throw new IllegalArgumentException(
                "audit details keys must be strings, got " + entry.getKey() + " in " + path);
          }
        }
        yield Collections.unmodifiableSortedMap(copy);
      }
      case Collection<?> list -> {
        List<Object> copy = new ArrayList<>(list.size());
        int i = 0;
        for (Object element : list) {
          copy.add(normalise(path + "[" + i++ + "]", element));
        }
        yield Collections.unmodifiableList(copy);
      }
      default ->
          throw new IllegalArgumentException(
              "audit details may hold strings, numbers, booleans, lists and maps only, got "
                  + value.getClass().getSimpleName() + " at " + path
                  + " (the audit never stores biometric or binary data)");
    };
  }

  /** Appends the canonical JSON of a normalised value. */
  static void write(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(out, s);
      case Boolean b -> out.append(b.booleanValue());
      case Long l -> out.append(l.longValue());
      case BigInteger b -> out.append(b);
      case BigDecimal b -> out.append(b.toString());
      case Double d -> out.append(d.doubleValue());
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (first == false) {
            out.append(',');
          }
          first = false;
          string(out, (String) entry.getKey());
          out.append(':');
          write(out, entry.getValue());
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(out, list.get(i));
        }
        out.append(']');
      }
      default -> throw new AssertionError("not normalised: " + value.getClass());
    }
  }

  /** Appends a JSON string literal. */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static Double finite(String path, double value) {
    if (Double.isFinite(value) == false) {
      throw new IllegalArgumentException(
          "audit details numbers must be finite, got " + value + " at " + path);
    }
    return value;
  }
}
