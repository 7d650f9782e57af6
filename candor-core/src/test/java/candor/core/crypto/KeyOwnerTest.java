package candor.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

final class KeyOwnerTest {

  @Test
  void names_subject_and_media_keys() {
    UUID id = UUID.fromString("0a1b2c3d-0000-4000-8000-00000000abcd");
    assertThat(KeyOwner.subject(id).id()).isEqualTo("subject:" + id);
    assertThat(KeyOwner.media("archive", "ab".repeat(32)).id())
        .isEqualTo("media:archive/" + "ab".repeat(32));
    assertThat(KeyOwner.search(id.toString()).id()).isEqualTo("search:" + id);
  }

  @Test
  void refuses_anything_else() {
    assertThatThrownBy(() -> new KeyOwner("subject:x' OR 1=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a data key owner id: 'subject:x' OR 1=1'");
    assertThatThrownBy(() -> KeyOwner.search("../subject"))
        .hasMessage("not a data key owner id: 'search:../subject'");
  }
}
