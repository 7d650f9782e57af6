package candor.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class AuditChainTest {

  private static final Instant T1 = Instant.parse("2026-11-26T12:00:00.123456Z");
  private static final Instant T2 = Instant.parse("2026-11-26T12:00:01Z");

  // Known answers computed independently (Python hashlib) from the documented formula.
  private static final String HASH_1 =
      "2da47f6457a2a576c7a1ab741d60fdbe6dc0984440e3f55aa536f7f2b9249d28";
  private static final String HASH_2 =
      "077f79416d216dac803b0dcd58a30a7e34505025aaafc9ce126ad13c47b8e33d";

  private static AuditEntry first() {
    return AuditChain.seal(1, T1, new AuditEvent("officer-1", "search.run", "collection:archive",
        Map.of("k", 10, "case", "C-1")), AuditChain.GENESIS);
  }

  private static AuditEntry second() {
    return AuditChain.seal(2, T2, AuditEvent.of("dpo", "subject.erase", "subject:x"), HASH_1);
  }

  @Test
  void writes_the_canonical_json_of_an_entry_with_sorted_keys() {
    assertThat(AuditChain.canonicalJson(1, T1, "officer-1", "search.run", "collection:archive",
            "{\"case\":\"C-1\",\"k\":10}"))
        .isEqualTo("{\"action\":\"search.run\",\"actor\":\"officer-1\",\"details\":{\"case\":"
            + "\"C-1\",\"k\":10},\"object\":\"collection:archive\",\"seq\":1,"
            + "\"time\":\"2026-11-26T12:00:00.123456Z\"}");
  }

  @Test
  void hashes_the_previous_hash_and_the_canonical_json() {
    assertThat(first().prevHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(first().hash()).isEqualTo(HASH_1);
    assertThat(second().hash()).isEqualTo(HASH_2);
  }

  @Test
  void an_intact_chain_verifies_against_its_head() {
    AuditChain.Verifier verifier = AuditChain.verifier(2, HASH_2);
    assertThat(verifier.accept(first())).isTrue();
    assertThat(verifier.accept(second())).isTrue();
    ChainVerification result = verifier.result();
    assertThat(result.isIntact()).isTrue();
    assertThat(result.entriesChecked()).isEqualTo(2);
  }

  @Test
  void a_head_that_does_not_match_the_last_entry_is_reported() {
    AuditChain.Verifier verifier = AuditChain.verifier(2, HASH_1);
    verifier.accept(first());
    verifier.accept(second());
    assertThat(verifier.result().problem())
        .contains("entry 2 does not match the chain head's hash");
  }

  @Test
  void an_entry_before_the_first_is_out_of_place() {
    AuditEntry stray = AuditChain.seal(0, T1, AuditEvent.of("a", "b", "c"), AuditChain.GENESIS);
    AuditChain.Verifier verifier = AuditChain.verifier(0, AuditChain.GENESIS);
    assertThat(verifier.accept(stray)).isFalse();
    assertThat(verifier.result().firstBroken()).hasValue(0);
    assertThat(verifier.result().problem())
        .contains("entry 0 is out of place (expected entry 1)");
  }

  @Test
  void keeps_entry_times_to_the_microsecond() {
    AuditEntry entry = AuditChain.seal(1, Instant.parse("2026-01-01T00:00:00.123456789Z"),
        AuditEvent.of("a", "b", "c"), AuditChain.GENESIS);
    assertThat(entry.time()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456Z"));
  }
}
