package candor.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The access rules: what each {@link Role} may do, on which collections, and when a search needs
 * a supervisor's approval. Pure: it decides, and {@link Guard} enforces and audits.
 *
 * <p>Rules, in the order they are checked:
 *
 * <ol>
 *   <li>the principal's role must allow the action ({@link Role#allows});
 *   <li>a collection-scoped action on all collections needs a key granted all collections;
 *   <li>a collection-scoped action on named collections needs each of them granted.
 * </ol>
 *
 * <p>Separately, {@link #needsApproval} says when a search needs an approval recorded first.
 *
 * <p>Immutable and thread-safe.
 */
public final class Policy {

  private final PolicyConfig config;

  /**
   * Creates the policy.
   *
   * @param config the deployment's choices
   */
  public Policy(PolicyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Returns the deployment's choices.
   *
   * @return the configuration
   */
  public PolicyConfig config() {
    return config;
  }

  /**
   * Decides a global action (one that touches no collection).
   *
   * @param principal who asks
   * @param action what they ask to do
   * @return the decision
   */
  public PolicyDecision decide(Principal principal, Action action) {
    return decide(principal, action, CollectionGrant.of(List.of()));
  }

  /**
   * Decides an action on collections.
   *
   * @param principal who asks
   * @param action what they ask to do
   * @param scope the collections it touches (all, or named ones; empty for none)
   * @return the decision, with a reason naming the role and the first collection not granted
   */
  public PolicyDecision decide(Principal principal, Action action, CollectionGrant scope) {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(scope, "scope");
    String actor = principal.actor();
    List<String> collections = scope.asList();
    String role = principal.role().label();
    if (principal.role().allows(action) == false) {
      return new PolicyDecision(false, actor, action, collections,
          "role " + role + " may not " + action.description());
    }
    if (action.collectionScoped()) {
      if (scope.all() && principal.grant().all() == false) {
        return new PolicyDecision(false, actor, action, collections,
            "key " + principal.keyId() + " is not granted all collections (it is granted "
                + principal.grant() + ")");
      }
      List<String> missing = new ArrayList<>();
      for (String name : scope.names()) {
        if (principal.grant().covers(name) == false) {
          missing.add(name);
        }
      }
      if (missing.isEmpty() == false) {
        return new PolicyDecision(false, actor, action, collections,
            "key " + principal.keyId() + " is not granted collection"
                + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
      }
      return new PolicyDecision(true, actor, action, collections,
          "role " + role + " may " + action.description() + "; key " + principal.keyId()
              + " is granted " + (scope.all() ? "all collections" : String.join(", ",
                  scope.names().isEmpty() ? List.of("the collections it lists")
                      : scope.names())));
    }
    return new PolicyDecision(true, actor, action, collections,
        "role " + role + " may " + action.description());
  }

  /**
   * Returns whether a search of {@code scope} needs a supervisor's approval recorded first: it
   * does when it spans all collections or more than one.
   *
   * @param scope the collections searched
   * @return {@code true} if an approval is needed
   */
  public boolean needsApproval(CollectionGrant scope) {
    return scope.all() || scope.names().size() > 1;
  }
}
