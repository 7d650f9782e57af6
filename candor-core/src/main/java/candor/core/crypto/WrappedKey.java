package candor.core.crypto;

import java.util.Arrays;

/**
 * A data key encrypted by a master key, as stored in the database.
 *
 * @param masterKeyId the id of the master key that wrapped it; positive
 * @param bytes the sealed key (see {@link Aead}); copied in and out
 */
public record WrappedKey(long masterKeyId, byte[] bytes) {

  /**
   * Validates and copies the arguments.
   *
   * @throws IllegalArgumentException if the master key id is not positive
   */
  public WrappedKey {
    if (masterKeyId <= 0) {
      throw new IllegalArgumentException("masterKeyId must be positive, got " + masterKeyId);
    }
    bytes = bytes.clone();
  }

  /**
   * Returns a copy of the sealed key.
   *
   * @return a fresh array
   */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Compares the master key id and the bytes by content.
   *
   * @param other the object to compare with
   * @return whether {@code other} is an equal wrapped key
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof WrappedKey that
        && masterKeyId == that.masterKeyId
        && Arrays.equals(bytes, that.bytes);
  }

  /**
   * Returns a hash consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Long.hashCode(masterKeyId) * 31 + Arrays.hashCode(bytes);
  }

  /**
   * Describes the key without its bytes.
   *
   * @return a description naming the master key id
   */
  @Override
  public String toString() {
    return "WrappedKey[masterKeyId=" + masterKeyId + ", " + bytes.length + " bytes]";
  }
}
