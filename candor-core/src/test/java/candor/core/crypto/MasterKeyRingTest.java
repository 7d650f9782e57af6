package candor.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MasterKeyRingTest {

  @TempDir Path dir;

  private final Aead aead = new Aead(new SecureRandom());
  private final KeyOwner owner = KeyOwner.subject(UUID.randomUUID());

  @Test
  void creates_the_file_readable_by_its_owner_only() throws IOException {
    Path file = dir.resolve("keys").resolve("master.key");
    MasterKeyRing ring = MasterKeyRing.openOrCreate(file, aead);
    assertThat(ring.ids()).containsExactly(1L);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.readString(file)).contains("candor-master-key-ring 1\n1 ");
    try (var entries = Files.list(file.getParent())) {
      assertThat(entries).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void a_reopened_ring_unwraps_what_the_first_wrapped() {
    Path file = dir.resolve("master.key");
    byte[] dataKey = aead.newKey();
    WrappedKey wrapped = MasterKeyRing.openOrCreate(file, aead).wrap(owner, dataKey);
    assertThat(MasterKeyRing.openOrCreate(file, aead).unwrap(owner, wrapped)).isEqualTo(dataKey);
  }

  @Test
  void a_wrapped_key_opens_only_for_its_owner() {
    MasterKeyRing ring = MasterKeyRing.openOrCreate(dir.resolve("master.key"), aead);
    WrappedKey wrapped = ring.wrap(owner, aead.newKey());
    KeyOwner other = KeyOwner.subject(UUID.randomUUID());
    assertThatThrownBy(() -> ring.unwrap(other, wrapped))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessage("cannot decrypt data key of " + other.id()
            + ": authentication failed (altered, or wrong key)");
  }

  @Test
  void refuses_a_file_that_group_or_others_may_read() throws IOException {
    Path file = dir.resolve("master.key");
    MasterKeyRing.openOrCreate(file, aead);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> MasterKeyRing.openOrCreate(file, aead))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage("master key file " + file + " must be readable by its owner only, found"
            + " rw-r--r--; run: chmod 600 " + file);
  }

  @Test
  void refuses_a_malformed_file() throws IOException {
    Path file = dir.resolve("master.key");
    Files.writeString(file, "candor-master-key-ring 1\n1 not-base64!\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> MasterKeyRing.openOrCreate(file, aead))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage("master key file " + file + " is malformed at line 2: expected '<id> <base64"
            + " of 32 bytes>'");
  }

  @Test
  void rotation_adds_a_current_key_then_retires_the_others() throws IOException {
    Path file = dir.resolve("master.key");
    MasterKeyRing ring = MasterKeyRing.openOrCreate(file, aead);
    byte[] dataKey = aead.newKey();
    WrappedKey old = ring.wrap(owner, dataKey);

    long next = ring.beginRotation();
    assertThat(next).isEqualTo(2);
    assertThat(ring.currentId()).isEqualTo(2);
    assertThat(ring.unwrap(owner, old)).isEqualTo(dataKey); // still readable mid-rotation
    WrappedKey rewrapped = ring.wrap(owner, ring.unwrap(owner, old));
    assertThat(rewrapped.masterKeyId()).isEqualTo(2);

    ring.finishRotation(next);
    assertThat(ring.ids()).containsExactly(2L);
    assertThat(MasterKeyRing.openOrCreate(file, aead).ids()).containsExactly(2L);
    assertThat(ring.unwrap(owner, rewrapped)).isEqualTo(dataKey);
    assertThatThrownBy(() -> ring.unwrap(owner, old))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage("master key 1 is not in " + file + " (it holds [2]): wrong key file, or a"
            + " data key left over from before a rotation");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void notices_a_rotation_by_another_process() {
    Path file = dir.resolve("master.key");
    MasterKeyRing mine = MasterKeyRing.openOrCreate(file, aead);
    MasterKeyRing theirs = MasterKeyRing.openOrCreate(file, aead);
    theirs.beginRotation();
    WrappedKey wrapped = theirs.wrap(owner, aead.newKey());
    assertThat(mine.contains(2)).isTrue();
    assertThat(mine.unwrap(owner, wrapped)).hasSize(Aead.KEY_BYTES);
  }
}
