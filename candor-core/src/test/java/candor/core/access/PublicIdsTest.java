package candor.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.store.FaceNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicIdsTest {

  @TempDir Path dir;

  @Test
  void a_public_id_round_trips_and_consecutive_ids_look_unrelated() {
    PublicIds ids = PublicIds.openOrCreate(dir.resolve("keys/public-ids.key"));
    Set<String> seen = new HashSet<>();
    for (long id = 1; id <= 1_000; id++) {
      String pub = ids.face(id);
      assertThat(pub).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
      assertThat(ids.face(pub)).isEqualTo(id);
      seen.add(pub.substring(0, 8));
    }
    assertThat(seen).as("leading digits of 1,000 consecutive ids").hasSizeGreaterThan(990);
  }

  @Test
  void the_key_is_kept_so_ids_are_stable_and_another_deployment_gives_other_ids() throws Exception {
    Path file = dir.resolve("keys/public-ids.key");
    String first = PublicIds.openOrCreate(file).face(42);
    assertThat(PublicIds.openOrCreate(file).face(42)).isEqualTo(first);
    assertThat(Files.size(file)).isEqualTo(16);
    assertThat(PublicIds.openOrCreate(dir.resolve("other.key")).face(42)).isNotEqualTo(first);
  }

  @Test
  void an_altered_or_invented_id_is_unknown() {
    PublicIds ids = PublicIds.openOrCreate(dir.resolve("k"));
    String pub = ids.face(7);
    String altered = (pub.charAt(0) == 'a' ? 'b' : 'a') + pub.substring(1);
    assertThatThrownBy(() -> ids.face(altered)).isInstanceOf(FaceNotFoundException.class)
        .hasMessage("face " + altered + " does not exist");
    assertThatThrownBy(() -> ids.face("12")).isInstanceOf(FaceNotFoundException.class)
        .hasMessage("face 12 does not exist");
    assertThatThrownBy(() -> PublicIds.openOrCreate(dir.resolve("other")).face(pub))
        .isInstanceOf(FaceNotFoundException.class);
  }
}
