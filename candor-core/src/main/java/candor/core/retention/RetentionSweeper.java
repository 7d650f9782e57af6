package candor.core.retention;

import candor.core.audit.AuditEvent;
import candor.core.gallery.ErasureResult;
import candor.core.gallery.ErasureService;
import candor.core.gallery.Gallery;
import candor.core.model.CollectionInfo;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.policy.Reviews;
import candor.core.store.GalleryStore;
import candor.core.store.NotFoundException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases what has outlived its retention: subjects whose retain-until date has passed, then
 * photos whose date has passed, each through the gallery's erasure path ({@link ErasureService}),
 * so that rows, crops, originals and index entries go and each erasure is audited ({@code
 * subject.erase}, {@code media.erase}, by {@value #ACTOR}); then the probe faces kept for
 * searches' reviews past the probe retention ({@link Reviews#deleteExpiredProbes}, each audited
 * as {@code search.probe-deleted}). A summary ({@code retention.run}) closes each run. One
 * failure does not stop the run; it is reported and retried next time.
 *
 * <p>Dates are UTC: a subject retained until 2026-05-01 is erased by the first run on or after
 * 2026-05-02.
 *
 * <p>Privacy: erases personal and biometric data; the audit keeps ids and counts only.
 *
 * <p>Thread-safe; runs should not overlap (the service schedules one a day).
 */
public final class RetentionSweeper {

  /** The audit actor of the sweeper's erasures. */
  public static final String ACTOR = "system:retention";

  /** How often the service runs the sweeper, in words for the published schedule. */
  public static final String SWEEP = "daily";

  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
  private static final int PAGE = 500;

  private final Gallery gallery;
  private final ErasureService erasure;
  private final Clock clock;

  /**
   * Creates the sweeper.
   *
   * @param gallery the open gallery
   * @param erasure the gallery's erasure path
   * @param clock the clock that says what day it is (UTC)
   */
  public RetentionSweeper(Gallery gallery, ErasureService erasure, Clock clock) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
    this.erasure = Objects.requireNonNull(erasure, "erasure");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Erases every subject and photo due today and audits the run.
   *
   * @param actor who started the run ({@value #ACTOR} for the schedule, or a user)
   * @return what was erased
   */
  public RetentionReport run(String actor) {
    Objects.requireNonNull(actor, "actor");
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    GalleryStore records = gallery.store().gallery();
    List<String> failures = new ArrayList<>();
    int subjects = 0;
    int media = 0;
    int faces = 0;
    // Each erasure removes its subject from the next page; stop when a page erases nothing (all
    // of it failed), so that a persistent failure cannot loop forever.
    List<Subject> due;
    while ((due = records.subjectsDueForErasure(today, PAGE)).isEmpty() == false) {
      int before = subjects;
      for (Subject subject : due) {
        try {
          ErasureResult result = erasure.eraseSubject(ACTOR, subject.id());
          subjects += result.subjectsErased();
          media += result.mediaErased();
          faces += result.facesErased();
        } catch (NotFoundException e) {
          // Erased meanwhile by someone else: nothing left to do.
        } catch (RuntimeException e) {
          LOG.warn("Retention could not erase subject {}", subject.id(), e);
          failures.add("subject " + subject.id() + ": " + e.getMessage());
        }
      }
      if (subjects == before) {
        break;
      }
    }
    List<Media> dueMedia;
    while ((dueMedia = records.mediaDueForErasure(today, PAGE)).isEmpty() == false) {
      int before = media;
      for (Media m : dueMedia) {
        try {
          ErasureResult result = erasure.eraseMedia(ACTOR, m.sha256(),
              java.util.Optional.of(m.collection()));
          media += result.mediaErased();
          faces += result.facesErased();
        } catch (NotFoundException e) {
          // Erased meanwhile.
        } catch (RuntimeException e) {
          LOG.warn("Retention could not erase media {}/{}", m.collection(), m.sha256(), e);
          failures.add("media " + m.collection() + "/" + m.sha256() + ": " + e.getMessage());
        }
      }
      if (media == before) {
        break;
      }
    }
    int probes = 0;
    try {
      probes = new Reviews(gallery.store(), clock).deleteExpiredProbes(ACTOR);
    } catch (RuntimeException e) {
      LOG.warn("Retention could not delete expired probe faces", e);
      failures.add("probe faces: " + e.getMessage());
    }
    RetentionReport report = new RetentionReport(today, subjects, media, faces, failures);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("today", today);
    details.put("subjects_erased", subjects);
    details.put("media_erased", media);
    details.put("faces_erased", faces);
    details.put("probes_deleted", probes);
    details.put("failures", failures.size());
    gallery.store().audit().append(new AuditEvent(actor, "retention.run", "retention", details));
    if (subjects + media > 0 || failures.isEmpty() == false) {
      LOG.info("Retention erased {} subjects, {} photos, {} faces; {} failures", subjects, media,
          faces, failures.size());
    }
    return report;
  }

  /**
   * Returns the published retention schedule.
   *
   * @return the schedule for every collection
   */
  public RetentionSchedule schedule() {
    List<RetentionSchedule.Entry> entries = new ArrayList<>();
    for (CollectionInfo info : gallery.store().gallery().listCollections()) {
      entries.add(RetentionSchedule.Entry.of(info));
    }
    return new RetentionSchedule(clock.instant(), SWEEP, entries, RetentionSchedule.RULES);
  }
}
