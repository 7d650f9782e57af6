package candor.core.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * Signs checkpoints of the audit chain with an Ed25519 key kept in a file outside the data
 * directory and the database, so that whoever can rewrite the database cannot sign a receipt for
 * the rewritten chain.
 *
 * <p>Key files are PEM: the private key as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, as {@code
 * openssl genpkey -algorithm ed25519} also writes it), the public key as X.509
 * SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}). {@link #generate} writes both, the
 * private one readable by its owner only (mode 600).
 *
 * <p>Immutable and thread-safe.
 */
public final class CheckpointSigner {

  private static final HexFormat HEX = HexFormat.of();
  private static final String PRIVATE_PEM = "PRIVATE KEY";
  private static final String PUBLIC_PEM = "PUBLIC KEY";

  private final PrivateKey privateKey;
  private final byte[] publicX509;
  private final String keyId;

  private CheckpointSigner(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicX509 = publicKey.getEncoded();
    this.keyId = keyId(publicX509);
  }

  /**
   * Creates a new key pair and writes it: the private key to {@code out} (PKCS#8 PEM, mode 600
   * where the file system has POSIX permissions) and the public key to {@code out} + {@code
   * ".pub"} (X.509 PEM). Neither file may exist yet.
   *
   * @param out where to write the private key; must not be inside {@code dataDir}
   * @param dataDir the Candor data directory
   * @return a signer with the new key
   * @throws IllegalArgumentException if {@code out} is inside the data directory, or either file
   *     exists (message {@code "F exists: refusing to overwrite a signing key"})
   * @throws UncheckedIOException if a file cannot be written
   */
  public static CheckpointSigner generate(Path out, Path dataDir) {
    Objects.requireNonNull(out, "out");
    checkOutside(out, dataDir);
    Path pub = publicKeyFile(out);
    for (Path f : new Path[] {out, pub}) {
      if (Files.exists(f)) {
        throw new IllegalArgumentException(f + " exists: refusing to overwrite a signing key"
            + " (receipts signed with it would no longer verify against a new one)");
      }
    }
    KeyPair pair;
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Ed25519 is part of every Java 15+ platform", e);
    }
    try {
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      writeNew(out, pem(PRIVATE_PEM, pair.getPrivate().getEncoded()), true);
      writeNew(pub, pem(PUBLIC_PEM, pair.getPublic().getEncoded()), false);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(e.getFile() + " exists: refusing to overwrite a"
          + " signing key", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the signing key " + out + ": " + e, e);
    }
    return new CheckpointSigner(pair.getPrivate(), pair.getPublic());
  }

  /**
   * Reads a private key file written by {@link #generate} (or any PKCS#8 PEM Ed25519 key).
   *
   * @param file the private key file; must not be inside {@code dataDir}
   * @param dataDir the Candor data directory
   * @return the signer
   * @throws IllegalArgumentException if the file is inside the data directory, does not exist, or
   *     does not hold an Ed25519 private key (the message names the file)
   * @throws UncheckedIOException if it cannot be read
   */
  public static CheckpointSigner load(Path file, Path dataDir) {
    Objects.requireNonNull(file, "file");
    checkOutside(file, dataDir);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("signing key " + file + ": no such file"
          + " (create one with `candor audit keygen --out FILE`)", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the signing key " + file + ": " + e, e);
    }
    try {
      PrivateKey key = KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(unpem(text, PRIVATE_PEM)));
      return new CheckpointSigner(key, derivePublic(key));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("signing key " + file + " does not hold an Ed25519"
          + " private key (PKCS#8 PEM, as `candor audit keygen` writes)", e);
    }
  }

  /**
   * Reads a public key file (X.509 PEM as {@link #generate} writes beside the private key, or the
   * bare base64 of a receipt's {@code public_key}) and returns its key id.
   *
   * @param file the public key file
   * @return the lower-case hex SHA-256 of its X.509 encoding
   * @throws IllegalArgumentException if it does not exist or does not hold an Ed25519 public key
   * @throws UncheckedIOException if it cannot be read
   */
  public static String publicKeyId(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("public key " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the public key " + file + ": " + e, e);
    }
    try {
      byte[] x509 = text.contains("-----BEGIN") ? unpem(text, PUBLIC_PEM)
          : Base64.getMimeDecoder().decode(text.strip());
      KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
      return keyId(x509);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("public key " + file + " does not hold an Ed25519"
          + " public key (X.509 PEM, as `candor audit keygen` writes to FILE.pub)", e);
    }
  }

  /**
   * Returns where {@link #generate} writes the public key of a private key file.
   *
   * @param privateKeyFile the private key file
   * @return the same path with {@code .pub} appended
   */
  public static Path publicKeyFile(Path privateKeyFile) {
    return privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
  }

  /**
   * Returns the key id of an X.509-encoded public key.
   *
   * @param x509 the encoded key
   * @return its SHA-256, 64 lower-case hex digits
   */
  public static String keyId(byte[] x509) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(x509));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * Returns the id of this signer's key, as receipts name it.
   *
   * @return 64 lower-case hex digits
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Signs a checkpoint.
   *
   * @param sequence the chain head's sequence number, 0 for an empty log
   * @param headHash its hash ({@link AuditChain#GENESIS} for an empty log)
   * @param time when, kept to the microsecond
   * @return the receipt
   * @throws IllegalArgumentException if the sequence is negative or the hash malformed
   */
  public CheckpointReceipt sign(long sequence, String headHash, Instant time) {
    Instant micros = time.truncatedTo(ChronoUnit.MICROS);
    String publicKey = Base64.getEncoder().encodeToString(publicX509);
    byte[] signed = CheckpointReceipt.signedText(sequence, headHash, micros, keyId, publicKey)
        .getBytes(StandardCharsets.UTF_8);
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initSign(privateKey);
      ed.update(signed);
      return new CheckpointReceipt(CheckpointReceipt.VERSION, sequence, headHash, micros, keyId,
          publicKey, Base64.getEncoder().encodeToString(ed.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Describes the signer by its key id; never shows the key. */
  @Override
  public String toString() {
    return "CheckpointSigner[key_id=" + keyId + "]";
  }

  /**
   * Derives the public key of an Ed25519 private key: the JDK has no call for it, but its key
   * pair generator draws exactly the 32-byte private key from the random source, so feeding it
   * the key's own bytes regenerates the pair. The result is checked, so a JDK that draws
   * differently fails loudly instead of signing with a mismatched key id.
   */
  private static PublicKey derivePublic(PrivateKey key) throws GeneralSecurityException {
    byte[] seed = ((EdECPrivateKey) key).getBytes()
        .orElseThrow(() -> new GeneralSecurityException("the private key's bytes are hidden"));
    SecureRandom replay = new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
      }
    };
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    generator.initialize(NamedParameterSpec.ED25519, replay);
    KeyPair pair = generator.generateKeyPair();
    byte[] again = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
    if (Arrays.equals(seed, again) == false) {
      throw new GeneralSecurityException("cannot derive the public key on this JDK");
    }
    byte[] probe = "candor".getBytes(StandardCharsets.US_ASCII);
    Signature sign = Signature.getInstance("Ed25519");
    sign.initSign(key);
    sign.update(probe);
    Signature verify = Signature.getInstance("Ed25519");
    verify.initVerify(pair.getPublic());
    verify.update(probe);
    if (verify.verify(sign.sign()) == false) {
      throw new GeneralSecurityException("the derived public key does not match");
    }
    return pair.getPublic();
  }

  private static void checkOutside(Path file, Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    Path key = real(file);
    Path data = real(dataDir);
    if (key.startsWith(data)) {
      throw new IllegalArgumentException("the signing key " + file + " is inside the data"
          + " directory " + dataDir + ": keep it elsewhere (whoever can change the database can"
          + " usually read the data directory, and could then sign a rewritten log)");
    }
  }

  /** The absolute path with symbolic links of its existing part resolved. */
  private static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && Files.exists(existing) == false) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute;
    }
  }

  private static void writeNew(Path file, String text, boolean secret) throws IOException {
    Set<FileAttribute<?>> attributes = Set.of();
    if (secret && file.toAbsolutePath().getParent().getFileSystem()
        .supportedFileAttributeViews().contains("posix")) {
      // Created with mode 600 at once, so the key is never readable by others, not even briefly.
      attributes = Set.of(PosixFilePermissions.asFileAttribute(
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
    }
    Files.createFile(file, attributes.toArray(FileAttribute<?>[]::new));
    Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static byte[] unpem(String text, String type) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = from < 0 ? -1 : text.indexOf(end, from);
    if (from < 0 || to < 0) {
      throw new IllegalArgumentException("no " + begin + " block");
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to).strip());
  }
}
