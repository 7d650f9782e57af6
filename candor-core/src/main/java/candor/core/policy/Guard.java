package candor.core.policy;

import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.store.Store;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the {@link Policy} and records its decisions in the audit log.
 *
 * <p>A denial is appended ({@code policy.deny}, with the reason) in a transaction of its own,
 * then thrown as {@link AccessDeniedException}: nothing else happens, so the denial is the whole
 * transaction. An allowing decision is returned to the caller, who records it in the audit entry
 * of the action itself, in the action's transaction ({@link #require}); or, where the action's
 * audit entry is written by code that cannot carry it, the guard appends it ({@code
 * policy.allow}) before the action runs ({@link #requireAndRecord}), so no allowed action is
 * without its decision in the log.
 *
 * <p>Thread-safe.
 */
public final class Guard {

  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

  private final Store store;
  private final Policy policy;

  /**
   * Creates the guard.
   *
   * @param store the store whose audit log records decisions
   * @param policy the rules
   */
  public Guard(Store store, Policy policy) {
    this.store = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Returns the rules the guard enforces.
   *
   * @return the policy
   */
  public Policy policy() {
    return policy;
  }

  /**
   * Decides a global action; a denial is audited and thrown.
   *
   * @param principal who asks
   * @param action what they ask to do
   * @return the allowing decision, for the caller to record with the action
   * @throws AccessDeniedException if denied (after auditing the denial)
   */
  public PolicyDecision require(Principal principal, Action action) {
    return require(principal, action, CollectionGrant.of(List.of()));
  }

  /**
   * Decides an action on collections; a denial is audited and thrown.
   *
   * @param principal who asks
   * @param action what they ask to do
   * @param scope the collections it touches
   * @return the allowing decision, for the caller to record with the action
   * @throws AccessDeniedException if denied (after auditing the denial)
   */
  public PolicyDecision require(Principal principal, Action action, CollectionGrant scope) {
    PolicyDecision decision = policy.decide(principal, action, scope);
    if (decision.allowed() == false) {
      deny(decision, "action:" + action.name().toLowerCase(java.util.Locale.ROOT), Map.of());
    }
    return decision;
  }

  /**
   * Decides an action on collections and appends the allowing decision ({@code policy.allow})
   * before returning it; a denial is audited and thrown.
   *
   * @param principal who asks
   * @param action what they ask to do
   * @param scope the collections it touches
   * @param object what the action is about, as the audit names it ({@code "subject:<id>"})
   * @param details facts about the request to record with the decision (no biometric data)
   * @return the allowing decision
   * @throws AccessDeniedException if denied (after auditing the denial)
   */
  public PolicyDecision requireAndRecord(Principal principal, Action action,
      CollectionGrant scope, String object, Map<String, Object> details) {
    PolicyDecision decision = policy.decide(principal, action, scope);
    if (decision.allowed() == false) {
      deny(decision, object, details);
    }
    record(decision, object, details);
    return decision;
  }

  /**
   * Decides an action on an object that lives in a collection, so that an object in a collection
   * the principal is not granted answers exactly as an unknown one: when the role allows the
   * action but the grant does not cover the scope, the denial is audited and {@code unknown}'s
   * exception is thrown instead of {@link AccessDeniedException}. A role that may not perform the
   * action at all is denied as usual (that reveals nothing about the object).
   *
   * @param principal who asks
   * @param action what they ask to do
   * @param scope the collections the object lives in
   * @param object what the request is about, as the audit names it
   * @param unknown the exception an unknown object gets
   * @param <X> its type
   * @return the allowing decision, for the caller to record with the action
   * @throws AccessDeniedException if the role may not perform the action (after auditing)
   */
  public <X extends RuntimeException> PolicyDecision requireOrHide(Principal principal,
      Action action, CollectionGrant scope, String object, Supplier<X> unknown) {
    PolicyDecision decision = policy.decide(principal, action, scope);
    if (decision.allowed() == false) {
      if (principal.role().allows(action)) {
        audit(decision, object, Map.of());
        throw unknown.get();
      }
      deny(decision, object, Map.of());
    }
    return decision;
  }

  /**
   * Appends an allowing decision ({@code policy.allow}) in a transaction of its own, for an
   * action whose own audit entry cannot carry it; call it before the action runs.
   *
   * @param decision the allowing decision
   * @param object what the action is about
   * @param details facts about the request (no biometric data)
   * @return the entry appended
   * @throws IllegalArgumentException if the decision denies
   */
  public AuditEntry record(PolicyDecision decision, String object, Map<String, Object> details) {
    if (decision.allowed() == false) {
      throw new IllegalArgumentException("not an allowing decision: " + decision);
    }
    return store.audit().append(new AuditEvent(decision.actor(), "policy.allow", object,
        merge(decision, details)));
  }

  /**
   * Audits a denial decided elsewhere (such as a missing approval) and throws it.
   *
   * @param decision the denying decision
   * @param object what the request was about
   * @param details facts about the request (no biometric data)
   * @throws AccessDeniedException always, after the denial is committed to the audit log
   */
  public void deny(PolicyDecision decision, String object, Map<String, Object> details) {
    audit(decision, object, details);
    throw new AccessDeniedException(decision);
  }

  /**
   * Audits a denial decided elsewhere, for the caller to throw its own subclass of {@link
   * AccessDeniedException}.
   *
   * @param decision the denying decision
   * @param object what the request was about
   * @param details facts about the request (no biometric data)
   */
  public void audit(PolicyDecision decision, String object, Map<String, Object> details) {
    if (decision.allowed()) {
      throw new IllegalArgumentException("not a denial: " + decision);
    }
    LOG.info("Denied {}: {}", decision.actor(), decision.reason());
    store.audit().append(new AuditEvent(decision.actor(), "policy.deny", object,
        merge(decision, details)));
  }

  private static Map<String, Object> merge(PolicyDecision decision, Map<String, Object> details) {
    Map<String, Object> all = new LinkedHashMap<>(details);
    all.put("policy", decision.auditDetails());
    return all;
  }
}
