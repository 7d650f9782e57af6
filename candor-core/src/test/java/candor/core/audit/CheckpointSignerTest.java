package candor.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files: created outside the data directory, never overwritten, read back to the same key. */
final class CheckpointSignerTest {

  @TempDir Path dir;

  Path data() {
    return dir.resolve("data");
  }

  @Test
  void keygen_writes_a_private_key_only_its_owner_can_read_and_the_public_key_beside_it()
      throws Exception {
    Path key = dir.resolve("keys").resolve("audit.key");
    CheckpointSigner signer = CheckpointSigner.generate(key, data());
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    Path pub = dir.resolve("keys").resolve("audit.key.pub");
    assertThat(CheckpointSigner.publicKeyFile(key)).isEqualTo(pub);
    assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(CheckpointSigner.publicKeyId(pub)).isEqualTo(signer.keyId());
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "no POSIX permissions on this file system");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
  }

  @Test
  void a_key_file_reads_back_as_the_same_key() {
    Path key = dir.resolve("audit.key");
    CheckpointSigner made = CheckpointSigner.generate(key, data());
    CheckpointSigner loaded = CheckpointSigner.load(key, data());
    assertThat(loaded.keyId()).isEqualTo(made.keyId());
    CheckpointReceipt receipt = loaded.sign(3, AuditChain.GENESIS, Instant.EPOCH);
    assertThat(receipt.signatureProblem()).isEmpty();
    assertThat(receipt.keyId()).isEqualTo(made.keyId());
    assertThat(loaded.toString()).isEqualTo("CheckpointSigner[key_id=" + made.keyId() + "]");
  }

  @Test
  void keygen_refuses_to_overwrite_either_file() throws Exception {
    Path key = dir.resolve("audit.key");
    CheckpointSigner.generate(key, data());
    String before = Files.readString(key);
    assertThatThrownBy(() -> CheckpointSigner.generate(key, data()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(key + " exists: refusing to overwrite a signing key (receipts signed with it"
            + " would no longer verify against a new one)");
    assertThat(Files.readString(key)).isEqualTo(before);
    Path other = dir.resolve("other.key");
    Files.writeString(dir.resolve("other.key.pub"), "kept");
    assertThatThrownBy(() -> CheckpointSigner.generate(other, data()))
        .hasMessageStartingWith(dir.resolve("other.key.pub") + " exists");
    assertThat(other).doesNotExist();
  }

  @Test
  void a_key_inside_the_data_directory_is_refused() throws Exception {
    Path inside = data().resolve("keys").resolve("audit.key");
    String message = "the signing key " + inside + " is inside the data directory " + data()
        + ": keep it elsewhere (whoever can change the database can usually read the data"
        + " directory, and could then sign a rewritten log)";
    assertThatThrownBy(() -> CheckpointSigner.generate(inside, data()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    assertThat(inside).doesNotExist();
    Path outside = dir.resolve("audit.key");
    CheckpointSigner.generate(outside, data());
    Files.createDirectories(inside.getParent());
    Files.copy(outside, inside);
    assertThatThrownBy(() -> CheckpointSigner.load(inside, data())).hasMessage(message);
    // A symbolic link into the data directory is inside it too.
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, data());
    assertThatThrownBy(() -> CheckpointSigner.load(link.resolve("keys/audit.key"), data()))
        .hasMessageContaining("is inside the data directory");
  }

  @Test
  void a_missing_or_foreign_key_file_is_named() throws Exception {
    Path missing = dir.resolve("none.key");
    assertThatThrownBy(() -> CheckpointSigner.load(missing, data()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signing key " + missing + ": no such file (create one with `candor audit"
            + " keygen --out FILE`)");
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "hello");
    assertThatThrownBy(() -> CheckpointSigner.load(text, data()))
        .hasMessage("signing key " + text + " does not hold an Ed25519 private key (PKCS#8 PEM,"
            + " as `candor audit keygen` writes)");
    assertThatThrownBy(() -> CheckpointSigner.publicKeyId(text))
        .hasMessage("public key " + text + " does not hold an Ed25519 public key (X.509 PEM, as"
            + " `candor audit keygen` writes to FILE.pub)");
  }

  @Test
  void a_public_key_reads_as_pem_or_as_a_receipts_bare_base64() throws Exception {
    Path bare = dir.resolve("bare.pub");
    Files.writeString(bare, CheckpointReceiptTest.RFC_PUBLIC + "\n");
    assertThat(CheckpointSigner.publicKeyId(bare)).isEqualTo(CheckpointReceiptTest.RFC_KEY_ID);
  }
}
