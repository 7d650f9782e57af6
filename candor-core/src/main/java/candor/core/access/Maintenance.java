package candor.core.access;

import candor.core.policy.Action;
import candor.core.policy.CollectionGrant;
import candor.core.policy.Guard;
import candor.core.policy.Policy;
import candor.core.policy.PolicyConfig;
import candor.core.policy.Principal;
import candor.core.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Authorises maintenance that runs on the store before a gallery can open, such as rebuilding
 * the vector index: the key is authenticated (a refusal audited as {@code auth.failed}), the
 * guard decides the action and the allowing decision is audited before the work starts.
 *
 * <p>Stateless and thread-safe.
 */
public final class Maintenance {

  private Maintenance() {}

  /**
   * Authenticates a key and records the decision allowing a global action.
   *
   * @param store the deployment's store
   * @param policy the deployment's policy choices
   * @param token the API key presented
   * @param client who presents it, for the audit of a refusal
   * @param action the action, global (such as {@link Action#INDEX_MANAGE})
   * @param object what the action is about, as the audit names it
   * @param details facts about the request (no biometric data)
   * @return the principal, or empty if the key is unknown or revoked (audited)
   * @throws candor.core.policy.AccessDeniedException if the principal may not (audited)
   */
  public static Optional<Principal> authorize(Store store, PolicyConfig policy, String token,
      String client, Action action, String object, Map<String, Object> details) {
    Objects.requireNonNull(store, "store");
    ApiKeys keys = new ApiKeys(store);
    Optional<Principal> principal = keys.authenticate(token);
    if (principal.isEmpty()) {
      keys.recordFailures(client, 1, "unknown, revoked or malformed API key");
      return principal;
    }
    new Guard(store, new Policy(policy)).requireAndRecord(principal.get(), action,
        CollectionGrant.of(List.of()), object, details);
    return principal;
  }
}
