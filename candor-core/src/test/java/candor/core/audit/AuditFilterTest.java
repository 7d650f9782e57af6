package candor.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditFilterTest {

  static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

  static AuditEntry entry(String actor, String action, String object, String details,
      Instant at) {
    return new AuditEntry(7, at, actor, action, object, details, "0".repeat(64), "1".repeat(64));
  }

  static final AuditEntry REVIEW = entry("alice (key k1)", "review.confirmed",
      "search:s1/face:3", "{\"case\":\"CASE-1\",\"collection\":\"archive\"}", T);

  @Test
  void an_empty_filter_matches_everything() {
    assertThat(new AuditFilter(" ", "", null, null, null, null).isEmpty()).isTrue();
    assertThat(AuditFilter.NONE.matches(REVIEW)).isTrue();
  }

  @Test
  void each_criterion_must_hold() {
    assertThat(new AuditFilter("alice", null, null, null, null, null).matches(REVIEW)).isTrue();
    assertThat(new AuditFilter("alice (key k1)", null, null, null, null, null).matches(REVIEW))
        .isTrue();
    assertThat(new AuditFilter("ali", null, null, null, null, null).matches(REVIEW)).isFalse();
    assertThat(new AuditFilter(null, "CASE-1", null, null, null, null).matches(REVIEW)).isTrue();
    assertThat(new AuditFilter(null, "CASE-2", null, null, null, null).matches(REVIEW)).isFalse();
    assertThat(new AuditFilter(null, null, "review.*", null, null, null).matches(REVIEW)).isTrue();
    assertThat(new AuditFilter(null, null, "review", null, null, null).matches(REVIEW)).isFalse();
    assertThat(new AuditFilter(null, null, null, "archive", null, null).matches(REVIEW)).isTrue();
    assertThat(new AuditFilter(null, null, null, "other", null, null).matches(REVIEW)).isFalse();
    assertThat(new AuditFilter(null, null, null, null, T, T.plusSeconds(1)).matches(REVIEW))
        .isTrue();
    assertThat(new AuditFilter(null, null, null, null, T.plusSeconds(1), null).matches(REVIEW))
        .isFalse();
    assertThat(new AuditFilter(null, null, null, null, null, T).matches(REVIEW)).isFalse();
    assertThat(new AuditFilter("alice", "CASE-1", "review.confirmed", "archive", null, null)
        .matches(REVIEW)).isTrue();
    assertThat(new AuditFilter("bob", "CASE-1", "review.confirmed", "archive", null, null)
        .matches(REVIEW)).isFalse();
  }

  @Test
  void refuses_an_empty_range_and_lists_its_criteria() {
    assertThatThrownBy(() -> new AuditFilter(null, null, null, null, T, T))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the range is empty: from 2026-12-01T10:00:00Z is not before to"
            + " 2026-12-01T10:00:00Z");
    assertThat(new AuditFilter("alice", "CASE-1", null, null, T, null).details())
        .containsExactly(java.util.Map.entry("actor", "alice"), java.util.Map.entry("case", "CASE-1"),
            java.util.Map.entry("from", "2026-12-01T10:00:00Z"));
  }
}
