package candor.core.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.audit.AuditEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RightsTallyTest {

  static AuditEntry entry(long seq, String at, String action, String object, String details) {
    return new AuditEntry(seq, Instant.parse(at), "olga (key k1)", action, object, details,
        "0".repeat(64), "1".repeat(64));
  }

  @Test
  void counts_kinds_answers_and_what_is_overdue_on_the_day_of_the_report() {
    RightsTally tally = new RightsTally();
    tally.count(entry(1, "2026-01-05T10:00:00Z", "request.receive", "request:a",
        "{\"kind\":\"access\",\"due\":\"2026-02-05\"}"));
    tally.count(entry(2, "2026-01-06T10:00:00Z", "request.receive", "request:b",
        "{\"kind\":\"erasure\",\"due\":\"2026-02-06\"}"));
    tally.count(entry(3, "2026-01-07T10:00:00Z", "request.receive", "request:c",
        "{\"kind\":\"erasure\",\"due\":\"2026-02-07\"}"));
    // a answered in 2 days, b answered late after 40 days; c still open
    tally.count(entry(4, "2026-01-07T10:00:00Z", "request.answer", "request:a",
        "{\"late\":false}"));
    tally.count(entry(5, "2026-02-15T10:00:00Z", "request.answer", "request:b",
        "{\"late\":true}"));
    tally.count(entry(6, "2026-02-15T10:00:00Z", "request.erase", "request:b",
        "{\"faces_erased\":3}"));
    tally.count(entry(7, "2026-02-15T11:00:00Z", "request.object", "request:b",
        "{\"face_ids\":[4,5]}"));
    tally.count(entry(8, "2026-02-16T11:00:00Z", "optout.skip", "collection:x",
        "{\"faces_skipped\":2}"));
    tally.count(entry(9, "2026-02-16T11:00:00Z", "search.run", "search:s", "{}"));
    // an opt-out is answered on receipt: counted, but not in the median of the days it takes
    tally.count(entry(10, "2026-02-17T11:00:00Z", "request.receive", "request:d",
        "{\"kind\":\"opt-out\",\"due\":\"2026-03-17\"}"));
    tally.count(entry(11, "2026-02-17T11:00:00Z", "request.answer", "request:d",
        "{\"late\":false}"));

    RightsCounts before = tally.counts(LocalDate.parse("2026-02-07"));
    assertThat(before.requestsByKind())
        .isEqualTo(Map.of("access", 1L, "erasure", 2L, "opt-out", 1L));
    assertThat(before.requests()).isEqualTo(4);
    assertThat(before.answered()).isEqualTo(3);
    assertThat(before.medianDaysToAnswer()).isEqualTo(21.0); // (2 + 40) / 2
    assertThat(before.answeredLate()).isEqualTo(1);
    assertThat(before.open()).isEqualTo(1);
    assertThat(before.overdue()).isZero(); // due today is not late yet
    assertThat(before.erasuresOnRequest()).isEqualTo(1);
    assertThat(before.facesErasedOnRequest()).isEqualTo(3);
    assertThat(before.facesRetained()).isEqualTo(2);
    assertThat(before.optOutSkips()).isEqualTo(2);
    assertThat(tally.counts(LocalDate.parse("2026-02-08")).overdue()).isEqualTo(1);
  }

  @Test
  void a_log_without_requests_counts_nothing_and_has_no_median() {
    RightsCounts none = new RightsTally().counts(LocalDate.parse("2026-01-01"));
    assertThat(none).isEqualTo(RightsCounts.none());
    assertThat(none.medianDaysToAnswer()).isNull();
  }
}
