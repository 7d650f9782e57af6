package candor.bench.vision;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a tree of maps, lists, strings, numbers and booleans as one line of JSON. The benchmark's
 * output is small and flat enough that a JSON library would only add a dependency.
 */
final class Json {
  private Json() {}

  /** The value as JSON; non-finite doubles become {@code null}. */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case Map<?, ?> map -> {
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext()) {
          Map.Entry<?, ?> e = entries.next();
          string(out, String.valueOf(e.getKey()));
          out.append(':');
          append(out, e.getValue());
          if (entries.hasNext()) {
            out.append(',');
          }
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, list.get(i));
        }
        out.append(']');
      }
      case Double d -> number(out, d);
      case Float f -> number(out, f.doubleValue());
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      default -> string(out, value.toString());
    }
  }

  private static void number(StringBuilder out, double d) {
    if (Double.isFinite(d) == false) {
      out.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      // four significant decimals are more than the run-to-run noise of any figure printed here
      out.append(String.format(Locale.ROOT, "%.4f", d));
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
