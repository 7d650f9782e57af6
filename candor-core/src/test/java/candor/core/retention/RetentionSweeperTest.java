package candor.core.retention;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.audit.AuditEntry;
import candor.core.gallery.ErasureService;
import candor.core.gallery.Gallery;
import candor.core.gallery.GalleryConfig;
import candor.core.gallery.IndexKind;
import candor.core.model.CollectionInfo;
import candor.core.model.LawfulBasis;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.store.IngestBatch;
import candor.core.store.ReviewRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionSweeperTest {

  static final Instant NOW = Instant.parse("2026-03-14T09:00:00Z");

  @TempDir Path dir;
  Gallery gallery;
  RetentionSweeper sweeper;

  @BeforeEach
  void open() {
    gallery = Gallery.open(GalleryConfig.defaults(dir).withIndexKind(IndexKind.EXACT));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    sweeper = new RetentionSweeper(gallery, new ErasureService(gallery), clock);
    gallery.store().gallery().createCollection(new CollectionInfo("archive", "missing persons",
        LawfulBasis.authority("Missing Persons Act s.4"), Period.ofYears(5), false, NOW));
  }

  @AfterEach
  void close() {
    gallery.close();
  }

  Subject subject(String ref, LocalDate until) {
    return gallery.store().gallery().createSubject(new Subject(UUID.randomUUID(), "archive", ref,
        "Person " + ref, LawfulBasis.consent("form " + ref), until, NOW));
  }

  Media media(String sha, LocalDate until) {
    Media m = new Media(sha.repeat(64 / sha.length()), "archive", "camera-1", "test", NOW, 10, 4,
        4, until);
    gallery.store().gallery().ingest(new IngestBatch(m, List.of(), List.of()));
    return m;
  }

  @Test
  void erases_what_expired_before_today_and_keeps_the_rest() {
    Subject expired = subject("r1", LocalDate.parse("2026-03-13"));
    Subject lastDay = subject("r2", LocalDate.parse("2026-03-14"));
    Media old = media("a", LocalDate.parse("2025-01-01"));
    Media current = media("b", LocalDate.parse("2027-01-01"));

    RetentionReport report = sweeper.run(RetentionSweeper.ACTOR);

    assertThat(report.today()).isEqualTo(LocalDate.parse("2026-03-14"));
    assertThat(report.subjectsErased()).isEqualTo(1);
    assertThat(report.mediaErased()).isEqualTo(1);
    assertThat(report.failures()).isEmpty();
    assertThat(gallery.store().gallery().findSubject(expired.id())).isEmpty();
    assertThat(gallery.store().gallery().findSubject(lastDay.id())).isPresent();
    assertThat(gallery.store().gallery().findMedia("archive", old.sha256())).isEmpty();
    assertThat(gallery.store().gallery().findMedia("archive", current.sha256())).isPresent();

    List<AuditEntry> audit = gallery.store().audit().entries(0, 100);
    assertThat(audit).extracting(AuditEntry::action)
        .containsExactly("subject.erase", "media.erase", "retention.run");
    assertThat(audit).extracting(AuditEntry::actor).containsOnly(RetentionSweeper.ACTOR);
    assertThat(audit.getLast().detailsJson()).contains("\"subjects_erased\":1")
        .contains("\"media_erased\":1");
    assertThat(gallery.store().audit().verify().isIntact()).isTrue();
  }

  @Test
  void a_run_with_nothing_due_is_still_recorded() {
    subject("r1", LocalDate.parse("2030-01-01"));
    RetentionReport report = sweeper.run("alice (key k1)");
    assertThat(report.subjectsErased()).isZero();
    assertThat(gallery.store().audit().entries(0, 10)).singleElement()
        .satisfies(e -> {
          assertThat(e.action()).isEqualTo("retention.run");
          assertThat(e.actor()).isEqualTo("alice (key k1)");
        });
  }

  @Test
  void deletes_the_probe_faces_kept_past_their_retention() {
    String due = UUID.randomUUID().toString();
    String kept = UUID.randomUUID().toString();
    gallery.store().inTransaction(tx -> {
      gallery.store().reviews().record(tx, ReviewRecord.kept(due, "alice",
          NOW.minus(Duration.ofDays(31)), List.of(), NOW.minus(Duration.ofDays(1))),
          new byte[] {1, 2, 3});
      gallery.store().reviews().record(tx, ReviewRecord.kept(kept, "alice",
          NOW.minus(Duration.ofDays(1)), List.of(), NOW.plus(Duration.ofDays(29))),
          new byte[] {4, 5, 6});
      return null;
    });
    sweeper.run(RetentionSweeper.ACTOR);
    assertThat(gallery.store().reviews().find(due).orElseThrow().deletedReason())
        .isEqualTo("probe retention ended");
    assertThat(gallery.store().reviews().openProbe(kept, NOW)).isPresent();
    List<AuditEntry> audit = gallery.store().audit().entries(0, 100);
    assertThat(audit).extracting(AuditEntry::action)
        .containsExactly("search.probe-deleted", "retention.run");
    assertThat(audit.getLast().detailsJson()).contains("\"probes_deleted\":1");
  }

  @Test
  void the_schedule_lists_each_collection_and_names_no_person() {
    subject("r1", LocalDate.parse("2030-01-01"));
    RetentionSchedule schedule = sweeper.schedule();
    assertThat(schedule.sweep()).isEqualTo("daily");
    assertThat(schedule.collections()).singleElement().satisfies(e -> {
      assertThat(e.collection()).isEqualTo("archive");
      assertThat(e.retention()).isEqualTo("P5Y");
      assertThat(e.retentionInWords()).isEqualTo("5 years");
      assertThat(e.lawfulBasis()).isEqualTo("authority");
      assertThat(e.basisReference()).isEqualTo("Missing Persons Act s.4");
    });
    assertThat(schedule.toString()).doesNotContain("Person r1");
    assertThat(RetentionSchedule.words(Period.of(1, 6, 1))).isEqualTo("1 year 6 months 1 day");
  }
}
