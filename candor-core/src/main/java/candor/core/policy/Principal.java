package candor.core.policy;

import candor.core.model.InvalidRequestException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who is acting: the holder of an authenticated API key, with the key's role and collection
 * grant. The {@link #user()} is the person the key was issued to; two keys issued to the same
 * name are the same user for the two-person rules (see {@link Reviews}).
 *
 * @param keyId the key's public identifier, such as {@code k7f3a9c2e41b0}
 * @param user the name of the person or system the key was issued to; 1 to 64 printable
 *     characters
 * @param role the key's role
 * @param grant the collections the key may act on
 */
public record Principal(String keyId, String user, Role role, CollectionGrant grant) {

  private static final Pattern USER = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._@+-]{0,63}");

  /**
   * Validates the principal.
   *
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException if the user name is not 1 to 64 letters, digits, spaces or
   *     {@code ._@+-} starting with a letter or digit
   */
  public Principal {
    Objects.requireNonNull(keyId, "keyId");
    checkUser(user);
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(grant, "grant");
  }

  /**
   * Checks a user name.
   *
   * @param user the name
   * @return {@code user}
   * @throws InvalidRequestException if it is not a valid user name
   */
  public static String checkUser(String user) {
    Objects.requireNonNull(user, "user");
    if (USER.matcher(user).matches() == false) {
      throw new InvalidRequestException("user name must be 1 to 64 letters, digits, spaces or"
          + " ._@+- starting with a letter or digit, got '" + user + "'");
    }
    return user;
  }

  /**
   * Returns how this principal appears as the actor of audit entries: {@code "user (key id)"}.
   *
   * @return the actor string
   */
  public String actor() {
    return user + " (key " + keyId + ")";
  }
}
