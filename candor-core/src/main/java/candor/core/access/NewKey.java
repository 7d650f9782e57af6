package candor.core.access;

import candor.core.policy.CollectionGrant;
import candor.core.policy.Principal;
import candor.core.policy.Role;
import java.util.Objects;

/**
 * What a new API key is issued as.
 *
 * @param role its role
 * @param grant the collections it may act on
 * @param name the user it is issued to, or {@code null} to name it after its id; see {@link
 *     Principal#checkUser}
 */
public record NewKey(Role role, CollectionGrant grant, String name) {

  /**
   * Validates.
   *
   * @throws NullPointerException if the role or grant is null
   * @throws InvalidRequestException if the name is given but invalid
   */
  public NewKey {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(grant, "grant");
    if (name != null) {
      Principal.checkUser(name);
    }
  }
}
