package candor.core.transparency;

import candor.core.audit.AuditCheckpoints;
import candor.core.audit.AuditEntry;
import candor.core.audit.AuditLog;
import candor.core.eval.DemographicReport;
import candor.core.store.PackStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Computes the {@link TransparencyReport} from the audit log: the log is the one record of every
 * search, review, identification and erasure, so the report cannot disagree with it.
 *
 * <p>Counts, by the audit action they come from: searches by purpose ({@code search.run}, the
 * {@code purpose} detail), denials ({@code policy.deny}), reviews ({@code review.confirmed},
 * {@code review.rejected}), identifications ({@code candidate.identified}), erasures ({@code
 * subject.erase}, {@code media.erase}, with their {@code faces_erased} detail). Months are UTC.
 * People's requests are counted since the log began ({@link RightsCounts}, see {@link
 * RightsTally}).
 *
 * <p>It also carries the demographic measurements recorded for each model pack (supplied by the
 * caller), so error rates per group are published beside the use they bear on.
 *
 * <p>With the store's {@link PackStore} it also lists the model packs whose templates the gallery
 * holds, each with its declared licence and training-data terms and its number of faces.
 *
 * <p>Privacy: reads purposes, actions and counts only; the report holds no actor, case, subject
 * or face.
 *
 * <p>Thread-safe. Reads the whole log each time: about a second per million entries.
 */
public final class Transparency {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 5_000;

  private final AuditLog audit;
  private final PackStore packs;
  private final Clock clock;
  private final Supplier<List<DemographicReport>> demographics;

  /**
   * Creates the report's source, without demographic measurements.
   *
   * @param audit the audit log
   * @param clock the clock for the report's time
   */
  public Transparency(AuditLog audit, Clock clock) {
    this(audit, clock, List::of);
  }

  /**
   * Creates the report's source.
   *
   * @param audit the audit log
   * @param clock the clock for the report's time
   * @param demographics the recorded demographic measurements, read for each report
   */
  public Transparency(AuditLog audit, Clock clock, Supplier<List<DemographicReport>> demographics) {
    this(audit, null, clock, demographics);
  }

  /**
   * A report that also lists the packs whose templates the gallery holds.
   *
   * @param audit the audit log
   * @param packs the store's pack records, or null to list none
   * @param clock the clock for the report's time
   * @param demographics the recorded demographic measurements, read for each report
   */
  public Transparency(AuditLog audit, PackStore packs, Clock clock,
      Supplier<List<DemographicReport>> demographics) {
    this.audit = Objects.requireNonNull(audit, "audit");
    this.packs = packs;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.demographics = Objects.requireNonNull(demographics, "demographics");
  }

  /**
   * Computes the report.
   *
   * @return counts for every month with activity
   */
  public TransparencyReport report() {
    Map<YearMonth, Counter> months = new TreeMap<>();
    long entries = 0;
    long after = 0;
    List<TransparencyReport.Checkpoint> checkpoints = new ArrayList<>();
    RightsTally rights = new RightsTally();
    List<AuditEntry> page;
    while ((page = audit.entries(after, PAGE)).isEmpty() == false) {
      for (AuditEntry entry : page) {
        entries++;
        if (entry.action().equals(AuditCheckpoints.ACTION)) {
          checkpoints.add(checkpoint(entry));
        }
        YearMonth month = YearMonth.from(entry.time().atZone(ZoneOffset.UTC));
        Counter c = months.computeIfAbsent(month, m -> new Counter());
        c.count(entry);
        rights.count(entry);
      }
      after = page.getLast().sequence();
    }
    List<MonthlyCounts> counts = new ArrayList<>();
    months.forEach((month, c) -> {
      if (c.any) {
        counts.add(c.counts(month));
      }
    });
    Instant now = clock.instant();
    return new TransparencyReport(now, entries, counts, checkpoints, demographics.get(),
        rights.counts(RightsTally.today(now)), packUses());
  }

  private List<TransparencyReport.PackUse> packUses() {
    if (packs == null) {
      return List.of();
    }
    Map<String, PackStore.TemplateModel> models = new TreeMap<>();
    packs.models().forEach(m -> models.put(m.modelId(), m));
    List<TransparencyReport.PackUse> uses = new ArrayList<>();
    packs.facesByModel().forEach((modelId, faces) -> {
      PackStore.TemplateModel m = models.get(modelId);
      uses.add(m == null
          ? new TransparencyReport.PackUse(modelId, "(not recorded)", "", "", "", faces)
          : new TransparencyReport.PackUse(modelId, m.pack(), m.licence(), m.licenceUse(), m.trainingData(), faces));
    });
    return uses;
  }

  /** A checkpoint as its entry records it: the receipt's sequence, time and key id. */
  private static TransparencyReport.Checkpoint checkpoint(AuditEntry entry) {
    JsonNode details;
    Instant time;
    try {
      details = JSON.readTree(entry.detailsJson());
      time = Instant.parse(details.path("time").asText());
    } catch (IOException | DateTimeParseException e) {
      details = JSON.createObjectNode();
      time = entry.time();
    }
    return new TransparencyReport.Checkpoint(details.path("sequence").asLong(), time,
        details.path("key_id").asText());
  }

  /** One month's running counts. */
  private static final class Counter {
    final Map<String, Long> searches = new TreeMap<>();
    long searchesDenied;
    long denied;
    long authFailures;
    long confirmations;
    long rejections;
    long identified;
    long subjectErasures;
    long mediaErasures;
    long faces;
    boolean any;

    void count(AuditEntry entry) {
      switch (entry.action()) {
        case "search.run" ->
            searches.merge(details(entry).path("purpose").asText("unknown"), 1L, Long::sum);
        case "policy.deny" -> {
          denied++;
          if ("search".equals(details(entry).path("policy").path("action").asText())) {
            searchesDenied++;
          }
        }
        case "auth.failed" -> authFailures += details(entry).path("failures").asLong(1);
        case "review.confirmed" -> confirmations++;
        case "review.rejected" -> rejections++;
        case "candidate.identified" -> identified++;
        case "subject.erase" -> {
          subjectErasures++;
          faces += details(entry).path("faces_erased").asLong(0);
        }
        case "media.erase" -> {
          mediaErasures += Math.max(1, details(entry).path("media_erased").asLong(1));
          faces += details(entry).path("faces_erased").asLong(0);
        }
        default -> {
          return;
        }
      }
      any = true;
    }

    MonthlyCounts counts(YearMonth month) {
      return new MonthlyCounts(month, searches, searchesDenied, denied, authFailures,
          confirmations + rejections,
          confirmations, rejections, identified, subjectErasures, mediaErasures, faces);
    }

    private static JsonNode details(AuditEntry entry) {
      try {
        return JSON.readTree(entry.detailsJson());
      } catch (IOException e) {
        return JSON.createObjectNode();
      }
    }
  }
}
