package candor.core.access;

import candor.core.policy.CollectionGrant;
import candor.core.policy.Principal;
import candor.core.policy.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An API key as stored: who it was issued to, its role and grant, and whether it was revoked.
 * Holds no secret (the store keeps only the token's SHA-256).
 *
 * @param id the public identifier, shown in lists and the audit: {@code k} and 12 hex digits
 * @param name the user the key was issued to
 * @param role the key's role
 * @param grant the collections it may act on
 * @param createdBy who created it (an audit actor)
 * @param created when
 * @param revokedBy who revoked it, or empty
 * @param revoked when it was revoked, or empty while it is active
 */
public record ApiKey(
    String id,
    String name,
    Role role,
    CollectionGrant grant,
    String createdBy,
    Instant created,
    Optional<String> revokedBy,
    Optional<Instant> revoked) {

  /**
   * Validates the key.
   *
   * @throws NullPointerException if an argument is null
   */
  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(revokedBy, "revokedBy");
    Objects.requireNonNull(revoked, "revoked");
  }

  /**
   * Returns whether the key still authenticates.
   *
   * @return {@code true} until it is revoked
   */
  public boolean active() {
    return revoked.isEmpty();
  }

  /**
   * Returns the principal this key authenticates as.
   *
   * @return the principal
   */
  public Principal principal() {
    return new Principal(id, name, role, grant);
  }
}
