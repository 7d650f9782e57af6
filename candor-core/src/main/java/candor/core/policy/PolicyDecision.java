package candor.core.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of asking the {@link Policy} whether someone may do something: allow or deny, and
 * the reason in words. A decision is both enforced (a denial stops the action) and recorded in
 * the audit log (see {@link Guard}).
 *
 * @param allowed whether the action may go ahead
 * @param actor who asked, as the audit names them
 * @param action what they asked to do
 * @param collections the collections the action touches (sorted names, or {@code ["*"]} for all;
 *     empty for a global action); copied
 * @param reason why, for a person to read: {@code "role investigator may not manage API keys"}
 */
public record PolicyDecision(
    boolean allowed, String actor, Action action, List<String> collections, String reason) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public PolicyDecision {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    collections = List.copyOf(collections);
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the decision for a local operator: someone running the {@code candor} command on the
   * machine with access to the data directory, who holds every right the files give anyway.
   *
   * @param actor the operator, such as {@code "cli:alice"}
   * @param action what they do
   * @return an allowing decision that says so
   */
  public static PolicyDecision operator(String actor, Action action) {
    return new PolicyDecision(true, actor, action, List.of(),
        "local operator with access to the data directory");
  }

  /**
   * Returns the decision as audit details: {@code {"allowed":true,"action":"search","reason":..,
   * "collections":[..]}}.
   *
   * @return a map for {@link candor.core.audit.AuditEvent} details
   */
  public Map<String, Object> auditDetails() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("allowed", allowed);
    details.put("action", action.name().toLowerCase(java.util.Locale.ROOT));
    details.put("collections", collections);
    details.put("reason", reason);
    return details;
  }
}
