package candor.core.access;

import candor.core.store.FaceNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ids users see for faces: random-looking UUIDs instead of the store's sequence numbers, so
 * that ids reveal neither how many faces a gallery holds nor which ids exist, and cannot be
 * enumerated. A public id is the AES encryption, under a key of the deployment's own, of the
 * internal id followed by eight zero bytes; decoding checks those zero bytes, so an altered or
 * invented id is simply unknown. The key sits beside the master key, outside the database
 * ({@value #FILE_NAME}); it is created at first use and must stay with the deployment (a new key
 * gives every face a new public id). The hash-chained audit log keeps recording the store's ids,
 * which never change: it is the deployment's own record, read by auditors, and a search's entry
 * lists its candidates in rank order, so a review's entry names its candidate unambiguously.
 *
 * <p>Thread-safe: each call uses its own cipher.
 */
public final class PublicIds {

  /** The key file's name, beside the master key file. */
  public static final String FILE_NAME = "public-ids.key";

  private final SecretKeySpec key;

  private PublicIds(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * Reads the deployment's id key, creating it (16 random bytes, owner-only) if missing.
   *
   * @param file the key file
   * @return the codec
   * @throws UncheckedIOException if the file cannot be read or created
   * @throws IllegalStateException if the file does not hold a 16-byte key
   */
  public static PublicIds openOrCreate(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      if (Files.exists(file) == false) {
        byte[] fresh = new byte[16];
        new SecureRandom().nextBytes(fresh);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".ids", ".tmp");
        try {
          Files.write(tmp, fresh);
          restrict(tmp);
          Files.move(tmp, file);
        } catch (FileAlreadyExistsException raced) {
          // another process created it first: use theirs
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length != 16) {
        throw new IllegalStateException(file + " must hold a 16-byte key, it holds "
            + bytes.length + " bytes");
      }
      return new PublicIds(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the public id key " + file, e);
    }
  }

  /**
   * Returns a face's public id.
   *
   * @param faceId the store's id
   * @return a UUID-formatted public id
   */
  public String face(long faceId) {
    byte[] block = ByteBuffer.allocate(16).putLong(faceId).putLong(0).array();
    ByteBuffer out = ByteBuffer.wrap(run(Cipher.ENCRYPT_MODE, block));
    return new UUID(out.getLong(), out.getLong()).toString();
  }

  /**
   * Returns the store's id of a face named by its public id.
   *
   * @param publicId the public id
   * @return the store's id
   * @throws FaceNotFoundException if it is not a public id of this deployment
   */
  public long face(String publicId) {
    UUID uuid;
    try {
      uuid = UUID.fromString(Objects.requireNonNull(publicId, "publicId").strip());
    } catch (IllegalArgumentException e) {
      throw new FaceNotFoundException(publicId);
    }
    byte[] block = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits()).array();
    ByteBuffer plain = ByteBuffer.wrap(run(Cipher.DECRYPT_MODE, block));
    long id = plain.getLong();
    if (plain.getLong() != 0) {
      throw new FaceNotFoundException(publicId);
    }
    return id;
  }

  private byte[] run(int mode, byte[] block) {
    try {
      // One AES block: ECB of a single block is a keyed permutation, which is all this needs.
      Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
      cipher.init(mode, key);
      return cipher.doFinal(block);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is required of every Java platform", e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the directory's own protection applies
    }
  }
}
