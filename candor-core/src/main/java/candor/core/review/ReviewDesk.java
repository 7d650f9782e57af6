package candor.core.review;

import candor.core.audit.AuditEntry;
import candor.core.gallery.CropGeometry;
import candor.core.gallery.FalseMatchEstimate;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.LawfulBasis;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.policy.Action;
import candor.core.policy.Approval;
import candor.core.policy.CandidateStatus;
import candor.core.policy.PolicyConfig;
import candor.core.policy.Principal;
import candor.core.policy.Review;
import candor.core.policy.Reviews;
import candor.core.policy.SearchNotFoundException;
import candor.core.policy.SearchRecord;
import candor.core.store.GalleryStore;
import candor.core.store.ReviewRecord;
import candor.core.store.ReviewStore;
import candor.core.store.ScoredCandidate;
import candor.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a search's review for one reader, blind where the reader has yet to decide, and the queue
 * of searches waiting for a reviewer. It decides no access: the caller checks the reader's role
 * and grant (and audits) first; it applies the blindness rule, which is about what a permitted
 * reader may see.
 *
 * <p>The blindness rule: a reader whose role may decide on candidates ({@link Action#REVIEW}) sees
 * a candidate's state and the other users' decisions and notes only once they have decided on it
 * themselves; before that the sheet shows the faces, the score, the estimate, the source, the
 * basis and the quality, and nothing of what anyone concluded. Readers who can never decide (the
 * auditor) see everything, which oversight needs and which cannot bias a decision they cannot
 * make. The audit log, readable by the audit roles, still records each decision: a supervisor
 * who verifies a search should not read its audit entries first.
 *
 * <p>Thread-safe.
 */
public final class ReviewDesk {

  /** The most waiting candidates one queue read considers. */
  static final int QUEUE_ROWS = 1_000;

  private final Store store;
  private final Reviews reviews;
  private final PolicyConfig config;
  private final Clock clock;

  /**
   * Creates the desk.
   *
   * @param store the store with the gallery, the reviews and the review material
   * @param reviews the review service, which reads searches and decisions
   * @param config the deployment's policy (its review threshold marks candidates weak)
   * @param clock the clock that says whether a probe is still kept
   */
  public ReviewDesk(Store store, Reviews reviews, PolicyConfig config, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.reviews = Objects.requireNonNull(reviews, "reviews");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns a search's review sheet as a reader may see it.
   *
   * @param reader who reads; already allowed to read the search's reviews
   * @param search the search
   * @return the sheet, blind on each candidate the reader may still decide on and has not
   */
  public ReviewSheet sheet(Principal reader, SearchRecord search) {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(search, "search");
    Optional<ReviewRecord> material = store.reviews().find(search.searchId());
    Map<Long, ScoredCandidate> scored = material.map(m -> m.candidates().stream().collect(
        Collectors.toMap(ScoredCandidate::faceId, Function.identity(), (a, b) -> a)))
        .orElse(Map.of());
    boolean mayDecide = reader.role().allows(Action.REVIEW);
    GalleryStore gallery = store.gallery();
    Map<String, Optional<CollectionInfo>> collections = new LinkedHashMap<>();
    List<CandidateSheet> candidates = new ArrayList<>();
    int position = 0;
    for (CandidateStatus status : reviews.statuses(search)) {
      position++;
      ScoredCandidate score = scored.get(status.faceId());
      FalseMatchEstimate fmr = score == null ? null : Reviews.estimate(score).orElse(null);
      boolean decided = status.reviews().stream()
          .anyMatch(r -> r.reviewer().equals(reader.user()));
      boolean blind = mayDecide && decided == false;
      List<Review> shown = blind ? List.of() : status.reviews();
      Optional<Face> found = gallery.findFace(status.faceId());
      int rank = score == null ? position : score.rank();
      Float similarity = score == null ? null : score.score();
      if (found.isEmpty()) {
        candidates.add(new CandidateSheet(status.faceId(), rank, similarity, fmr,
            config.weak(fmr), true, null, null, null, false, null, null, false, blind,
            blind ? null : status.state(), shown, List.of()));
        continue;
      }
      Face face = found.get();
      Subject subject = face.subjectId() == null ? null
          : gallery.findSubject(face.subjectId()).orElse(null);
      LawfulBasis basis = subject != null ? subject.basis()
          : collections.computeIfAbsent(face.collection(), gallery::findCollection)
              .map(CollectionInfo::defaultBasis).orElse(null);
      Optional<Media> media = gallery.findMedia(face.collection(), face.mediaSha256());
      String source = media.map(Media::source).orElse(null);
      List<Double> landmarks = media.map(m -> CropGeometry.landmarksOnCrop(face.box(),
          face.landmarks(), m.width(), m.height())).orElse(List.of());
      candidates.add(new CandidateSheet(status.faceId(), rank, similarity, fmr, config.weak(fmr),
          false, face.collection(), subject, basis, subject == null && basis != null, source,
          face.quality(), face.cropPath() != null, blind, blind ? null : status.state(), shown,
          landmarks));
    }
    Instant now = clock.instant();
    return new ReviewSheet(search, material.map(ReviewRecord::searcher).orElse(null),
        material.map(m -> available(m, now)).orElse(false),
        material.map(ReviewRecord::keepUntil).orElse(null),
        material.map(ReviewRecord::deletedAt).orElse(null),
        material.map(ReviewRecord::deletedReason).orElse(null),
        config.reviewThreshold(), Reviews.WEAK_REASON_MIN, mayDecide, candidates);
  }

  /**
   * Assembles a case file for a reader: each search as its review sheet ({@link #sheet}), the
   * approvals, and the case's audit entries without those of decisions the reader is blind to
   * (a {@code review.*} or {@code candidate.*} entry names its verdict and reviewer). It decides
   * no access: the caller passes only the searches, approvals and entries the reader may read.
   *
   * @param reader who reads
   * @param caseRef the case
   * @param searches the case's searches the reader may read, oldest first
   * @param approvals the case's approvals the reader may read
   * @param entries the case's audit entries the reader may read, ascending
   * @param capped whether the case has more entries than {@code entries}
   * @return the case file
   */
  public CaseFile caseFile(Principal reader, String caseRef, List<SearchRecord> searches,
      List<Approval> approvals, List<AuditEntry> entries, boolean capped) {
    Objects.requireNonNull(reader, "reader");
    List<ReviewSheet> sheets = searches.stream().map(s -> sheet(reader, s)).toList();
    Set<String> blind = new HashSet<>();
    for (ReviewSheet sheet : sheets) {
      for (CandidateSheet c : sheet.candidates()) {
        if (c.blind()) {
          blind.add("search:" + sheet.search().searchId() + "/face:" + c.faceId());
        }
      }
    }
    return new CaseFile(caseRef, sheets, approvals,
        entries.stream().filter(e -> blind.contains(e.object()) == false).toList(), capped);
  }

  /**
   * Returns the searches waiting for a reviewer, oldest first: searches in the collections the
   * reviewer is granted (every one the search covered) with a candidate another user confirmed
   * that waits for a second confirmation the reviewer has not given or refused, and the
   * reviewer's own searches, while their probe is kept, with candidates nobody has decided on.
   *
   * @param reviewer who reviews; already allowed to review
   * @return the waiting searches
   */
  public List<QueueEntry> queue(Principal reviewer) {
    Objects.requireNonNull(reviewer, "reviewer");
    Instant now = clock.instant();
    Map<String, Boolean> own = new LinkedHashMap<>();
    for (ReviewStore.Waiting row : store.reviews().waitingFor(reviewer.user(), now, QUEUE_ROWS)) {
      own.merge(row.searchId(), row.ownSearch(), Boolean::logicalOr);
    }
    List<QueueEntry> entries = new ArrayList<>();
    for (Map.Entry<String, Boolean> waiting : own.entrySet()) {
      SearchRecord search;
      try {
        search = reviews.search(waiting.getKey());
      } catch (SearchNotFoundException e) {
        continue; // reviews name searches by their audit entry; none means nothing to review
      }
      if (search.collections().stream().allMatch(reviewer.grant()::covers) == false) {
        continue;
      }
      GalleryStore gallery = store.gallery();
      int undecided = (int) reviews.statuses(search).stream()
          .filter(s -> s.reviews().stream().noneMatch(r -> r.reviewer().equals(reviewer.user())))
          .filter(s -> gallery.findFace(s.faceId()).isPresent())
          .count();
      boolean probe = store.reviews().find(search.searchId())
          .map(m -> available(m, now)).orElse(false);
      entries.add(new QueueEntry(search, undecided, waiting.getValue(), probe));
    }
    entries.sort(java.util.Comparator.comparing(e -> e.search().at()));
    return entries;
  }

  /**
   * Reads a search's probe face.
   *
   * <p>Privacy: returns biometric data of someone who may be in no collection; the caller checks
   * that the reader is granted every collection the search covered and audits each read.
   *
   * @param search the search
   * @return the JPEG bytes, or empty if none was kept or it was deleted
   */
  public Optional<byte[]> probe(SearchRecord search) {
    Objects.requireNonNull(search, "search");
    return store.reviews().openProbe(search.searchId(), clock.instant());
  }

  /**
   * Says why a search has no probe face to show, for a reader's message.
   *
   * @param search the search
   * @return for example {@code "the probe face of search S was deleted at T: every candidate
   *     decided"}
   */
  public String probeMissing(SearchRecord search) {
    Optional<ReviewRecord> material = store.reviews().find(search.searchId());
    if (material.isEmpty() || material.get().probeKept() == false
        && material.get().deletedAt() == null) {
      return "no probe face was kept for search " + search.searchId();
    }
    ReviewRecord m = material.get();
    if (m.deletedAt() != null) {
      return "the probe face of search " + search.searchId() + " was deleted at "
          + m.deletedAt() + ": " + m.deletedReason();
    }
    return "the probe face of search " + search.searchId() + " was kept until "
        + m.keepUntil() + " and is due for deletion";
  }

  private static boolean available(ReviewRecord material, Instant now) {
    return material.probeKept() && material.keepUntil().isAfter(now);
  }
}
