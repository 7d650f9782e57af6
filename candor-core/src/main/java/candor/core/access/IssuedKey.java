package candor.core.access;

import java.util.Objects;

/**
 * A key just created, with its token: the only time the token exists outside the holder's hands.
 * Show it once; Candor cannot show it again.
 *
 * @param key the stored key
 * @param token the secret to send as {@code Authorization: Bearer <token>}
 */
public record IssuedKey(ApiKey key, String token) {

  /**
   * Validates.
   *
   * @throws NullPointerException if an argument is null
   */
  public IssuedKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(token, "token");
  }

  /**
   * Describes the key without its token, so that logging it leaks nothing.
   *
   * @return a description naming the key id
   */
  @Override
  public String toString() {
    return "IssuedKey[key=" + key + ", token=***]";
  }
}
