package candor.core.transparency;

import candor.core.audit.AuditEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts {@link RightsCounts} from the audit entries of people's requests, fed in log order:
 * {@code request.receive} (kind, due date), {@code request.answer}, {@code request.erase},
 * {@code request.object} and {@code optout.skip}. A request is open from its receipt until its
 * answer, and overdue when open past its due date.
 *
 * <p>Not thread-safe: one tally per report.
 */
final class RightsTally {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What each request is, when it was received and is due, until it is answered. */
  private record Pending(String kind, Instant received, LocalDate due) {}

  /** The kinds whose answer takes work (a search, reviews): opt-outs are answered on receipt. */
  private static final java.util.Set<String> WORK = java.util.Set.of("access", "erasure",
      "objection");

  private final Map<String, Long> byKind = new TreeMap<>();
  private final Map<String, Pending> open = new HashMap<>();
  private final List<Double> days = new ArrayList<>();
  private long answered;
  private long late;
  private long erasures;
  private long facesErased;
  private long retained;
  private long skips;

  void count(AuditEntry entry) {
    switch (entry.action()) {
      case "request.receive" -> {
        JsonNode d = details(entry);
        byKind.merge(d.path("kind").asText("unknown"), 1L, Long::sum);
        open.put(entry.object(), new Pending(d.path("kind").asText("unknown"), entry.time(),
            date(d.path("due").asText())));
      }
      case "request.answer" -> {
        JsonNode d = details(entry);
        Pending p = open.remove(entry.object());
        answered++;
        Instant received = p != null ? p.received() : instant(d.path("received"));
        String kind = p != null ? p.kind() : d.path("kind").asText("unknown");
        if (received != null && WORK.contains(kind)) {
          days.add(Duration.between(received, entry.time()).toSeconds() / 86_400.0);
        }
        if (d.path("late").asBoolean(false)) {
          late++;
        }
      }
      case "request.erase" -> {
        erasures++;
        facesErased += details(entry).path("faces_erased").asLong(0);
      }
      case "request.object" -> retained += details(entry).path("face_ids").size();
      case "optout.skip" -> skips += details(entry).path("faces_skipped").asLong(0);
      default -> {
        // not about people's requests
      }
    }
  }

  RightsCounts counts(LocalDate today) {
    long overdue = open.values().stream()
        .filter(p -> p.due() != null && p.due().isBefore(today)).count();
    return new RightsCounts(byKind, answered, median(days), late, open.size(), overdue,
        erasures, facesErased, retained, skips);
  }

  private static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return Math.round(m * 10) / 10.0;
  }

  private static JsonNode details(AuditEntry entry) {
    try {
      return JSON.readTree(entry.detailsJson());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant instant(JsonNode node) {
    try {
      return node.isTextual() ? Instant.parse(node.asText()) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The date of a report made at {@code now}, for what is overdue (UTC). */
  static LocalDate today(Instant now) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC);
  }
}
