package candor.core.access;

import candor.core.audit.AuditEntry;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.rights.AccessReport;
import candor.core.rights.MatchOutcome;
import candor.core.rights.RequestMatch;
import candor.core.rights.RequestReceipt;
import candor.core.rights.RightsRequest;
import candor.core.store.GalleryStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Assembles an {@link AccessReport} from the register, the gallery and the audit log: the
 * gallery gives what is still held (crop, source, subject record, retention), the audit what
 * it recorded when each face was enrolled (who, when, on what basis, from where; so an erased
 * face is still described) and which searches returned it.
 *
 * <p>Reads the whole audit log once per report (about a second per million entries), as the
 * transparency report does.
 *
 * <p>Privacy: opens the matched faces' crops for the report; holds them in memory only.
 */
final class AccessReportBuilder {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 5_000;

  private final Wiring w;

  AccessReportBuilder(Wiring w) {
    this.w = w;
  }

  /** What the audit recorded of one face's enrolment. */
  private record Enrolment(Instant at, String by, String source, String basisKind,
      String basisReference, LocalDate retainUntil) {}

  AccessReport build(RightsRequest r, int matchesFound, List<RequestMatch> confirmed,
      List<RequestReceipt> receipts) {
    Set<Long> wanted = new HashSet<>();
    confirmed.forEach(m -> wanted.add(m.faceId()));
    Map<Long, Enrolment> enrolments = new HashMap<>();
    Map<Long, Map<String, Map<YearMonth, Long>>> searches = new HashMap<>();
    scan(wanted, enrolments, searches);
    GalleryStore records = w.store().gallery();
    List<AccessReport.ReportedFace> faces = new ArrayList<>();
    for (RequestMatch m : confirmed) {
      Optional<Face> face = records.findFace(m.faceId());
      Enrolment enrolled = enrolments.get(m.faceId());
      Optional<Subject> subject = face.map(Face::subjectId).flatMap(records::findSubject);
      Optional<Media> media = face.flatMap(f -> records.findMedia(f.collection(),
          f.mediaSha256()));
      Optional<CollectionInfo> collection = records.findCollection(m.collection());
      String status = m.outcome() == MatchOutcome.ERASED ? "erased"
          : m.outcome() == MatchOutcome.RETAINED ? "retained"
          : face.isPresent() ? "held" : "no longer held";
      String basisKind = subject.map(s -> s.basis().kind().name().toLowerCase(Locale.ROOT))
          .orElse(enrolled == null ? null : enrolled.basisKind());
      String basisReference = subject.map(s -> s.basis().reference())
          .orElse(enrolled == null ? null : enrolled.basisReference());
      LocalDate retainUntil = face.isEmpty() ? null : subject.map(Subject::retainUntil)
          .or(() -> media.map(Media::retainUntil)).orElse(null);
      List<AccessReport.SearchCount> counts = new ArrayList<>();
      searches.getOrDefault(m.faceId(), Map.of()).forEach((purpose, months) ->
          months.forEach((month, n) -> counts.add(new AccessReport.SearchCount(purpose, month,
              n))));
      faces.add(new AccessReport.ReportedFace(m.faceId(), status, m.collection(),
          collection.map(CollectionInfo::purpose).orElse(null),
          media.map(Media::source).orElse(enrolled == null ? null : enrolled.source()),
          basisKind, basisReference,
          subject.map(Subject::externalRef).orElse(null),
          subject.map(Subject::displayName).orElse(null),
          enrolled != null ? enrolled.at() : media.map(Media::ingestedAt).orElse(null),
          enrolled != null ? enrolled.by() : media.map(Media::ingestedBy).orElse(null),
          retainUntil, m.score(), m.fmr(), m.outcomeReference(),
          face.flatMap(f -> w.gallery().openCrop(f)).orElse(null), counts));
    }
    int collections = records.listCollections().size();
    String notice = String.format(Locale.ROOT, "The faces below are those of the %d"
        + " collections searched that reached a similarity of %.3f to your photo (a stranger's"
        + " face does so about %.0e of the time) and that two reviewers confirmed as yours;"
        + " faces the search found but the reviewers did not confirm are other people's and are"
        + " not listed. Searches that returned a face are counted by purpose and month: the"
        + " cases they served are not disclosed. Your photo is deleted when your request is"
        + " answered.", collections, r.threshold() == null ? 0 : r.threshold(),
        r.maxFmr() == null ? 0 : r.maxFmr());
    return new AccessReport(r.id(), r.kind(), r.requesterRef(), r.received(), r.due(),
        r.identityChecked(), r.answered(), w.clock().instant(), w.pipeline().modelId(),
        r.threshold() == null ? Double.NaN : r.threshold(),
        r.maxFmr() == null ? Double.NaN : r.maxFmr(), collections, matchesFound,
        confirmed.size(), faces, receipts, notice);
  }

  /** One pass over the audit log for the faces' enrolment entries and the searches. */
  private void scan(Set<Long> wanted, Map<Long, Enrolment> enrolments,
      Map<Long, Map<String, Map<YearMonth, Long>>> searches) {
    if (wanted.isEmpty()) {
      return;
    }
    long after = 0;
    List<AuditEntry> page;
    while ((page = w.store().audit().entries(after, PAGE)).isEmpty() == false) {
      for (AuditEntry entry : page) {
        switch (entry.action()) {
          case "media.ingest" -> {
            JsonNode d = details(entry);
            for (JsonNode id : d.path("face_ids")) {
              if (wanted.contains(id.asLong())) {
                enrolments.put(id.asLong(), new Enrolment(entry.time(), entry.actor(),
                    text(d, "source"), text(d, "basis_kind"), text(d, "basis_reference"),
                    date(text(d, "retain_until"))));
              }
            }
          }
          case "search.run" -> {
            JsonNode d = details(entry);
            String purpose = d.path("purpose").asText("unknown");
            YearMonth month = YearMonth.from(entry.time().atZone(ZoneOffset.UTC));
            for (JsonNode id : d.path("candidates")) {
              if (wanted.contains(id.asLong())) {
                searches.computeIfAbsent(id.asLong(), k -> new TreeMap<>())
                    .computeIfAbsent(purpose, k -> new TreeMap<>()).merge(month, 1L, Long::sum);
              }
            }
          }
          default -> {
            // not about enrolments or searches
          }
        }
      }
      after = page.getLast().sequence();
    }
  }

  private static JsonNode details(AuditEntry entry) {
    try {
      return JSON.readTree(entry.detailsJson());
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static LocalDate date(String text) {
    try {
      return text == null ? null : LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
