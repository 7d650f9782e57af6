package candor.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens bytes with AES-256-GCM: a fresh random 96-bit nonce per message, a 128-bit tag,
 * and associated data that binds the ciphertext to what it belongs to (so a template cannot be
 * moved to another face's row).
 *
 * <p>Sealed layout: one format byte ({@value #FORMAT_V1}), the 12-byte nonce, then the
 * ciphertext with its tag; {@link #OVERHEAD} bytes more than the plaintext.
 *
 * <p>Thread-safe: each call uses its own {@link Cipher}; the {@link SecureRandom} is thread-safe.
 */
public final class Aead {

  /** The length of a key in bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  /** The format byte of sealed data written by this class. */
  public static final byte FORMAT_V1 = 1;

  /** How many bytes sealing adds: format byte, nonce and tag. */
  public static final int OVERHEAD = 1 + 12 + 16;

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecureRandom random;

  /**
   * Creates a sealer drawing keys and nonces from {@code random}.
   *
   * @param random a cryptographically strong source, such as {@code new SecureRandom()}
   */
  public Aead(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Returns a new random AES-256 key.
   *
   * @return 32 fresh random bytes; the caller should wipe them when done
   */
  public byte[] newKey() {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  /**
   * Encrypts and authenticates {@code plaintext}.
   *
   * @param key a 32-byte key
   * @param plaintext the bytes to seal
   * @param aad associated data that must be presented again to open
   * @return the sealed bytes
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
    checkKey(key);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + cipher.getOutputSize(plaintext.length));
      out.put(FORMAT_V1).put(nonce);
      cipher.doFinal(ByteBuffer.wrap(plaintext), out);
      return out.array();
    } catch (GeneralSecurityException e) {
      // AES-GCM is required of every Java platform; failing here means a broken JDK.
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Verifies and decrypts bytes sealed by {@link #seal}.
   *
   * @param key the key they were sealed with
   * @param sealed the sealed bytes
   * @param aad the associated data given when sealing
   * @param what names the data in the error message (for example {@code "template of face 7"})
   * @return the plaintext
   * @throws DecryptionFailedException if the bytes are malformed, altered, or sealed under
   *     another key or with other associated data
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public byte[] open(byte[] key, byte[] sealed, byte[] aad, String what) {
    checkKey(key);
    if (sealed.length < OVERHEAD || sealed[0] != FORMAT_V1) {
      throw new DecryptionFailedException(
          "cannot decrypt " + what + ": not sealed data of format " + FORMAT_V1, null);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new DecryptionFailedException(
          "cannot decrypt " + what + ": authentication failed (altered, or wrong key)", e);
    } catch (GeneralSecurityException e) {
      throw new DecryptionFailedException("cannot decrypt " + what, e);
    }
  }

  private static void checkKey(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "key must be " + KEY_BYTES + " bytes, got " + key.length);
    }
  }
}
