package candor.core.audit;

import java.util.Map;
import java.util.Objects;

/**
 * Something to record in the audit log: who did what to which object, with details.
 *
 * <p>Privacy: never put face data in an event. The details may hold only strings, numbers,
 * booleans, lists and maps (plus ids and dates, stored as strings); arrays are refused so that a
 * template or image cannot slip in, and the canonical details are limited to {@value
 * #MAX_DETAILS_CHARS} characters.
 *
 * @param actor who acted (a user, an API key's name, {@code "system:retention"}); not blank
 * @param action what was done, as a dotted verb such as {@code "search.run"} or {@code
 *     "subject.erase"}; not blank
 * @param object what it was done to (such as {@code "subject:<uuid>"}, {@code "collection:x"}),
 *     or {@code "-"}; not blank
 * @param details further facts (purpose, case reference, counts, ids); deep-copied with sorted
 *     keys, so later changes to the caller's map do not show
 */
public record AuditEvent(String actor, String action, String object, Map<String, Object> details) {

  /** The most characters the canonical JSON of the details may have. */
  public static final int MAX_DETAILS_CHARS = 64 * 1024;

  /** The most characters of the actor, action and object. */
  public static final int MAX_NAME_CHARS = 512;

  /**
   * Validates the event and copies the details.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a name is blank or too long, or the details hold a value
   *     of another type (message such as {@code "audit details may hold strings, numbers,
   *     booleans, lists and maps only, got float[] at details.template (the audit never stores
   *     biometric or binary data)"}), or are too long
   */
  @SuppressWarnings("unchecked")
  public AuditEvent {
    name("actor", actor);
    name("action", action);
    name("object", object);
    Objects.requireNonNull(details, "details");
    details = (Map<String, Object>) CanonicalJson.normalise("details", details);
    int length = detailsJson(details).length();
    if (length > MAX_DETAILS_CHARS) {
      throw new IllegalArgumentException(
          "audit details must be at most " + MAX_DETAILS_CHARS + " characters of JSON, got "
              + length);
    }
  }

  /**
   * Returns an event without details.
   *
   * @param actor who acted
   * @param action what was done
   * @param object what it was done to
   * @return the event
   */
  public static AuditEvent of(String actor, String action, String object) {
    return new AuditEvent(actor, action, object, Map.of());
  }

  /**
   * Returns the details as canonical JSON (sorted keys, no whitespace), the form stored and
   * hashed.
   *
   * @return the JSON object text
   */
  public String detailsJson() {
    return detailsJson(details);
  }

  private static String detailsJson(Map<String, Object> details) {
    StringBuilder out = new StringBuilder();
    CanonicalJson.write(out, details);
    return out.toString();
  }

  private static void name(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException("audit " + what + " must not be blank");
    }
    if (value.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException(
          "audit " + what + " must be at most " + MAX_NAME_CHARS + " characters, got "
              + value.length());
    }
  }
}
