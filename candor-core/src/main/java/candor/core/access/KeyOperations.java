package candor.core.access;

import candor.core.policy.Action;
import candor.core.policy.Principal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * API keys as a resource: issuing, revoking and listing them (admins only), and turning a bearer
 * token into the principal it stands for. Every change is audited by {@link ApiKeys} in its own
 * transaction, with the policy decision that allowed it.
 *
 * <p>Thread-safe.
 */
public final class KeyOperations {

  private final Wiring w;
  private final ApiKeys keys;

  KeyOperations(Wiring w, ApiKeys keys) {
    this.w = Objects.requireNonNull(w, "w");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /**
   * Returns the principal an active key's token authenticates as.
   *
   * @param token the bearer token, or {@code null}
   * @return the principal, or empty if the token is malformed, unknown or revoked
   */
  public Optional<Principal> authenticate(String token) {
    return keys.authenticate(token);
  }

  /**
   * Authenticates a client that acts once (a command line run): a refused key is audited as
   * {@code auth.failed} with the client and the reason, never the token.
   *
   * @param token the API key, or {@code null}
   * @param client who presents it, such as {@code cli:<OS user>}
   * @return the principal, or empty if the key is malformed, unknown or revoked (audited)
   */
  public Optional<Principal> authenticateOrAudit(String token, String client) {
    Optional<Principal> principal = keys.authenticate(token);
    if (principal.isEmpty()) {
      recordFailures(client, 1, "unknown, revoked or malformed API key");
    }
    return principal;
  }

  /**
   * Audits failed authentications in aggregate ({@code auth.failed}): how many, from which
   * client, and why; never the tokens presented.
   *
   * @param client the client address or name
   * @param count how many attempts failed
   * @param reason why they failed
   */
  public void recordFailures(String client, long count, String reason) {
    keys.recordFailures(client, count, reason);
  }


  /**
   * Authenticates a sign-in (the web UI's) and audits it as {@code key.login}.
   *
   * @param token the bearer token
   * @param client where the sign-in came from (an IP address), for the audit
   * @return the principal, or empty if the token does not authenticate
   */
  public Optional<Principal> login(String token, String client) {
    return keys.login(token, client);
  }

  /**
   * Issues the first admin key of an empty deployment.
   *
   * @param actor who starts the deployment, for the audit
   * @return the key and its token, or empty if any key exists
   */
  public Optional<IssuedKey> createFirstAdmin(String actor) {
    return keys.createFirstAdmin(actor);
  }

  /**
   * Issues an API key.
   *
   * @param p who asks (an admin)
   * @param request role, grant and name
   * @return the key and its token, to show once
   */
  public IssuedKey createKey(Principal p, NewKey request) {
    return keys.create(w.guard().require(p, Action.KEYS_MANAGE), request);
  }

  /**
   * Revokes an API key.
   *
   * @param p who asks (an admin)
   * @param id the key's id
   * @return the key as now stored
   * @throws KeyNotFoundException if there is no such key
   */
  public ApiKey revokeKey(Principal p, String id) {
    return keys.revoke(w.guard().require(p, Action.KEYS_MANAGE), id);
  }

  /**
   * Lists the API keys.
   *
   * @param p who asks (an admin)
   * @return every key, without secrets
   */
  public List<ApiKey> listKeys(Principal p) {
    w.guard().require(p, Action.KEYS_MANAGE);
    return keys.list();
  }
}
