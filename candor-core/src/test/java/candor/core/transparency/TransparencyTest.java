package candor.core.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.access.TestStores;
import candor.core.audit.AuditEvent;
import candor.core.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransparencyTest {

  @TempDir Path dir;
  TestStores db;
  JdbcStore store;
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-31T23:59:00Z"));

  @BeforeEach
  void open() throws Exception {
    Clock clock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    db = TestStores.open(TestStores.Db.SQLITE, dir, clock);
    store = db.store();
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  void event(String action, Map<String, Object> details) {
    store.audit().append(new AuditEvent("alice (key k1)", action, "x", details));
  }

  @Test
  void counts_each_month_from_the_audit_log_without_personal_data() {
    event("search.run", Map.of("purpose", "missing-person", "case", "SECRET-CASE"));
    event("search.run", Map.of("purpose", "missing-person"));
    event("key.login", Map.of());
    now.set(Instant.parse("2026-02-01T00:00:01Z"));
    event("search.run", Map.of("purpose", "criminal-investigation"));
    event("policy.deny", Map.of("policy", Map.of("action", "search", "allowed", false)));
    event("policy.deny", Map.of("policy", Map.of("action", "keys_manage", "allowed", false)));
    event("auth.failed", Map.of("client", "http:10.0.0.9", "failures", 7));
    event("review.confirmed", Map.of());
    event("review.confirmed", Map.of());
    event("review.rejected", Map.of());
    event("candidate.identified", Map.of());
    event("subject.erase", Map.of("faces_erased", 3, "media_erased", 2));
    event("media.erase", Map.of("faces_erased", 2, "media_erased", 1));

    TransparencyReport report = new Transparency(store.audit(), Clock.systemUTC()).report();

    assertThat(report.auditEntries()).isEqualTo(13);
    assertThat(report.months()).extracting(MonthlyCounts::month)
        .containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2));
    MonthlyCounts jan = report.months().get(0);
    assertThat(jan.searchesByPurpose()).isEqualTo(Map.of("missing-person", 2L));
    assertThat(jan.searches()).isEqualTo(2);
    MonthlyCounts feb = report.months().get(1);
    assertThat(feb.searchesByPurpose()).isEqualTo(Map.of("criminal-investigation", 1L));
    assertThat(feb.searchesDenied()).as("only the refused search").isEqualTo(1);
    assertThat(feb.requestsDenied()).isEqualTo(2);
    assertThat(feb.authenticationFailures()).isEqualTo(7);
    assertThat(feb.candidatesReviewed()).isEqualTo(3);
    assertThat(feb.confirmations()).isEqualTo(2);
    assertThat(feb.rejections()).isEqualTo(1);
    assertThat(feb.identificationsConfirmed()).isEqualTo(1);
    assertThat(feb.subjectErasures()).isEqualTo(1);
    assertThat(feb.mediaErasures()).isEqualTo(1);
    assertThat(feb.facesErased()).isEqualTo(5);
    assertThat(report.toString()).doesNotContain("alice").doesNotContain("SECRET-CASE");
  }

  @Test
  void an_empty_log_gives_no_months() {
    assertThat(new Transparency(store.audit(), Clock.systemUTC()).report().months()).isEqualTo(List.of());
  }
}
