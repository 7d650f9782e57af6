package candor.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

final class AeadTest {

  private final Aead aead = new Aead(new SecureRandom());
  private final byte[] key = aead.newKey();
  private final byte[] aad = "face/1".getBytes(StandardCharsets.UTF_8);
  private final byte[] plaintext = "template bytes".getBytes(StandardCharsets.UTF_8);

  @Test
  void opens_what_it_sealed() {
    byte[] sealed = aead.seal(key, plaintext, aad);
    assertThat(sealed).hasSize(plaintext.length + Aead.OVERHEAD);
    assertThat(sealed[0]).isEqualTo(Aead.FORMAT_V1);
    assertThat(aead.open(key, sealed, aad, "x")).isEqualTo(plaintext);
  }

  @Test
  void uses_a_fresh_nonce_for_every_message() {
    assertThat(aead.seal(key, plaintext, aad)).isNotEqualTo(aead.seal(key, plaintext, aad));
  }

  @Test
  void refuses_altered_bytes() {
    byte[] sealed = aead.seal(key, plaintext, aad);
    sealed[sealed.length - 1] ^= 1;
    assertThatThrownBy(() -> aead.open(key, sealed, aad, "template of face 1"))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessage("cannot decrypt template of face 1: authentication failed (altered, or wrong"
            + " key)");
  }

  @Test
  void refuses_other_associated_data_or_another_key() {
    byte[] sealed = aead.seal(key, plaintext, aad);
    assertThatThrownBy(() -> aead.open(key, sealed, "face/2".getBytes(StandardCharsets.UTF_8),
        "x")).isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() -> aead.open(aead.newKey(), sealed, aad, "x"))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void refuses_bytes_that_are_not_sealed_data() {
    assertThatThrownBy(() -> aead.open(key, new byte[5], aad, "crop"))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessage("cannot decrypt crop: not sealed data of format 1");
  }

  @Test
  void refuses_a_key_of_the_wrong_size() {
    assertThatThrownBy(() -> aead.seal(new byte[16], plaintext, aad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key must be 32 bytes, got 16");
  }
}
