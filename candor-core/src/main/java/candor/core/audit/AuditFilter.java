package candor.core.audit;

import candor.core.model.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an auditor looks for in the log: entries of one actor, case, action or collection, within
 * a time range. Each criterion is optional ({@code null} matches every entry); given criteria
 * must all hold.
 *
 * @param actor the user, as keys name them ({@code alice} matches the actor {@code alice (key
 *     k…)}), or an actor exactly as recorded ({@code system:retention}); or {@code null}
 * @param caseRef the case reference the entry's details name ({@code "case"}), or {@code null}
 * @param action the action exactly ({@code review.confirmed}), or a prefix ending in {@code *}
 *     ({@code review.*}); or {@code null}
 * @param collection a collection the entry concerns (see {@link AuditScope#collectionsOf}), or
 *     {@code null}
 * @param from the earliest time, inclusive, or {@code null}
 * @param to the time before which entries end, exclusive, or {@code null}
 */
public record AuditFilter(
    String actor, String caseRef, String action, String collection, Instant from, Instant to) {

  /** The filter that matches every entry. */
  public static final AuditFilter NONE = new AuditFilter(null, null, null, null, null, null);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Normalises blank criteria to {@code null} and checks the range.
   *
   * @throws InvalidRequestException if {@code from} is not before {@code to}
   */
  public AuditFilter {
    actor = blankToNull(actor);
    caseRef = blankToNull(caseRef);
    action = blankToNull(action);
    collection = blankToNull(collection);
    if (from != null && to != null && from.isBefore(to) == false) {
      throw new InvalidRequestException("the range is empty: from " + from
          + " is not before to " + to);
    }
  }

  /**
   * Returns whether no criterion is given.
   *
   * @return {@code true} for a filter that matches every entry
   */
  public boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * Returns whether an entry meets every criterion given.
   *
   * @param entry the entry
   * @return {@code true} if it matches
   */
  public boolean matches(AuditEntry entry) {
    if (actor != null && entry.actor().equals(actor) == false
        && entry.actor().startsWith(actor + " (") == false) {
      return false;
    }
    if (action != null && (action.endsWith("*")
        ? entry.action().startsWith(action.substring(0, action.length() - 1))
        : entry.action().equals(action)) == false) {
      return false;
    }
    if (from != null && entry.time().isBefore(from)) {
      return false;
    }
    if (to != null && entry.time().isBefore(to) == false) {
      return false;
    }
    if (collection != null && AuditScope.collectionsOf(entry).contains(collection) == false) {
      return false;
    }
    return caseRef == null || caseRef.equals(caseOf(entry));
  }

  /**
   * Returns the criteria given, for the audit entry of an export that used them.
   *
   * @return the criteria by name ({@code actor}, {@code case}, {@code action}, {@code
   *     collection}, {@code from}, {@code to}), in that order; no biometric data
   */
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    put(details, "actor", actor);
    put(details, "case", caseRef);
    put(details, "action", action);
    put(details, "collection", collection);
    put(details, "from", from);
    put(details, "to", to);
    return details;
  }

  private static void put(Map<String, Object> details, String key, Object value) {
    if (value != null) {
      details.put(key, value.toString());
    }
  }

  private static String caseOf(AuditEntry entry) {
    try {
      JsonNode value = JSON.readTree(entry.detailsJson()).get("case");
      return value != null && value.isTextual() ? value.asText() : null;
    } catch (IOException e) {
      return null; // unreadable details name no case; verify() reports the entry
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
