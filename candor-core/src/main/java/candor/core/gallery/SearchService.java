package candor.core.gallery;

import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.model.BoundingBox;
import candor.core.model.Face;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.store.CollectionNotFoundException;
import candor.core.store.GalleryStore;
import candor.core.store.ModelMismatchException;
import candor.core.store.ReviewRecord;
import candor.core.store.ScoredCandidate;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import candor.vision.FacePipeline;
import candor.vision.ImageAnalysis;
import candor.vision.image.ImageLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The 1:N search use case: finds the faces most similar to the face in a probe photo, within
 * named collections, as a candidate list for human review, and audits the search.
 *
 * <p>Rules: every search states an actor, a purpose from a closed list and a case reference (see
 * {@link SearchQuery}); it only compares templates of the probe's model; it returns candidates,
 * never an identification, each with the estimated false match rate at its score; and it is
 * recorded in the audit log (actor, purpose, case, the probe's SHA-256, collections, k and the
 * candidates' face ids) before its result is returned. A search whose audit entry cannot be
 * written fails.
 *
 * <p>Privacy: the probe photo and its template stay in memory; the audit holds the probe's digest,
 * never the photo or a template. A search run with {@link ReviewTerms} (the service's searches)
 * also keeps what its reviewers need, in the same transaction as its audit entry: each
 * candidate's score and estimate, and a crop of the searched face only (not the photo, so other
 * people in it are not kept), sealed under a data key of its own (see {@link
 * candor.core.store.ReviewStore}). The crop is deleted when every candidate is decided or when
 * the terms' probe retention ends, whichever comes first: reviewers need the probe to compare
 * with, and nobody needs it after that.
 *
 * <p>Thread-safe.
 */
public final class SearchService {

  /**
   * Nearest templates per wanted candidate in a subject search. With the index's defaults (ten
   * candidates examined per hit wanted, at least 400) four per candidate keeps a k=10 search at
   * the candidates a face search examines, so grouping by subject costs no index time.
   */
  static final int SUBJECT_FANOUT = 4;
  /** The most nearest templates a subject search asks for. */
  static final int MAX_SUBJECT_HITS = 400;

  private final Gallery gallery;
  private final FacePipeline pipeline;
  private final ImageLoader loader;
  private final Clock clock;

  /**
   * Creates the service on the system clock.
   *
   * @param gallery the open gallery
   * @param pipeline the face engine that embeds probes (its model must be the gallery's)
   * @param loader the image loader, with its limits
   */
  public SearchService(Gallery gallery, FacePipeline pipeline, ImageLoader loader) {
    this(gallery, pipeline, loader, Clock.systemUTC());
  }

  /**
   * Creates the service.
   *
   * @param gallery the open gallery
   * @param pipeline the face engine that embeds probes (its model must be the gallery's)
   * @param loader the image loader, with its limits
   * @param clock the clock that dates the probe's keep-until time
   */
  public SearchService(Gallery gallery, FacePipeline pipeline, ImageLoader loader, Clock clock) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs a search and audits it.
   *
   * @param query the request and its reason
   * @return the candidates with the search's id; no candidates when the probe holds no face
   * @throws CollectionNotFoundException if a collection does not exist
   * @throws candor.vision.VisionException if the probe is unreadable or too large
   * @throws candor.core.store.StoreException if the store or the audit log fails
   */
  public SearchResult search(SearchQuery query) {
    return search(query, Map.of());
  }

  /**
   * Runs a search and audits it together with what authorised it, in one audit entry.
   *
   * <p>The authorisation (the policy decision, the supervisor's approval) goes into the {@code
   * search.run} entry itself, under {@code "authorization"}, so that the search and the reason it
   * was allowed are committed by one append: neither can be in the log without the other.
   *
   * @param query the request and its reason
   * @param authorization what allowed it (no biometric data); empty for a local operator's search
   * @return the candidates with the search's id; no candidates when the probe holds no face
   * @throws CollectionNotFoundException if a collection does not exist
   * @throws candor.vision.VisionException if the probe is unreadable or too large
   * @throws candor.core.store.StoreException if the store or the audit log fails
   */
  public SearchResult search(SearchQuery query, Map<String, Object> authorization) {
    return search(query, authorization, null);
  }

  /**
   * Runs a search for human review: audits it with what authorised it, as {@link #search(SearchQuery,
   * Map)} does, and keeps its review material under {@code terms} in the same transaction: the
   * candidates' scores and estimates, and the crop of the searched face, sealed, for the
   * reviewers (nothing when there are no candidates). Candidates are marked weak by the terms'
   * threshold.
   *
   * @param query the request and its reason
   * @param authorization what allowed it (no biometric data); empty for a local operator's search
   * @param terms who searches and the review terms, or {@code null} to keep nothing (candidates are
   *     then marked weak by {@link ReviewTerms#DEFAULT_WEAK_ABOVE})
   * @return the candidates with the search's id; no candidates when the probe holds no face
   * @throws CollectionNotFoundException if a collection does not exist
   * @throws candor.vision.VisionException if the probe is unreadable or too large
   * @throws candor.core.store.StoreException if the store or the audit log fails
   */
  public SearchResult search(SearchQuery query, Map<String, Object> authorization,
      ReviewTerms terms) {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(authorization, "authorization");
    double weakAbove = terms == null ? ReviewTerms.DEFAULT_WEAK_ABOVE : terms.weakAbove();
    GalleryStore records = gallery.store().gallery();
    for (String collection : query.collections()) {
      if (records.findCollection(collection).isEmpty()) {
        throw new CollectionNotFoundException(collection);
      }
    }
    // a process still on the pack the gallery moved away from would find nothing: say so
    gallery.store().packs().currentPack().ifPresent(current -> {
      if (current.modelId().equals(pipeline.modelId()) == false) {
        throw new ModelMismatchException(current.pack(), current.modelId(), pipeline.modelId());
      }
    });
    String probeSha256 = Sha256.hex(query.probe());
    ImageAnalysis analysis = pipeline.analyze(loader, query.probe(), query.probeName(), true);
    Optional<candor.vision.Face> probe =
        query.probeFace().choose(analysis.faces(), analysis.width(), analysis.height());
    String modelId = pipeline.modelId();
    List<Candidate> candidates = new ArrayList<>();
    BoundingBox probeBox = null;
    if (probe.isPresent()) {
      candor.vision.Embedding template = probe.get().template();
      modelId = template.modelId();
      probeBox = VisionRecords.box(probe.get().box());
      List<SearchHit> hits = gallery.search(new SearchRequest(template.values(),
          indexHits(query), query.collections(), modelId));
      // an installed pack's table sits in the data directory's model store
      Optional<Calibration> calibration = Calibration.forModel(modelId,
          gallery.dataDir().resolve(GalleryFiles.MODELS));
      Map<String, Optional<Media>> media = new LinkedHashMap<>();
      // Who each hit belongs to, in one query without templates; erased faces are absent.
      Map<Long, Optional<UUID>> owners = records.subjectsOfFaces(
          hits.stream().map(SearchHit::id).toList());
      // A subject search ranks by all of each subject's faces, read only for subjects among the hits.
      List<CandidateRanking.Ranked> chosen = CandidateRanking.rank(hits, owners, query.by(),
          query.k(), template.values(), subjects -> subjectTemplates(
              records.facesOfSubjects(subjects), template.modelId(), query.collections()));
      for (CandidateRanking.Ranked ranked : chosen) {
        SearchHit hit = ranked.face();
        Optional<Face> face = records.findFace(hit.id());
        if (face.isEmpty()) {
          continue; // erased in the meantime
        }
        Face f = face.get();
        Optional<Media> image = media.computeIfAbsent(f.collection() + "/" + f.mediaSha256(),
            key -> records.findMedia(f.collection(), f.mediaSha256()));
        Subject subject = f.subjectId() == null ? null : records.findSubject(f.subjectId()).orElse(null);
        FalseMatchEstimate fmr = calibration.map(c -> c.estimate(hit.score())).orElse(null);
        candidates.add(new Candidate(
            candidates.size() + 1,
            f.id(),
            hit.score(),
            fmr,
            f.collection(),
            subject,
            f.mediaSha256(),
            image.map(Media::source).orElse("(unknown)"),
            f.cropPath(),
            f.box(),
            ranked.matchedFaces(),
            ranked.subjectScore(),
            ReviewTerms.weak(fmr, weakAbove)));
      }
    }
    String searchId = UUID.randomUUID().toString();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("search_id", searchId);
    details.put("purpose", query.purpose().id());
    details.put("case", query.caseRef());
    details.put("probe_sha256", probeSha256);
    details.put("collections", List.copyOf(query.collections()));
    details.put("k", query.k());
    details.put("by", query.by().id());
    details.put("model_id", modelId);
    details.put("pack", pipeline.pack().name());
    details.put("faces_in_probe", analysis.faces().size());
    if (query.probeFace() instanceof FaceAt picked) {
      details.put("probe_face_at", picked.toString()); // the face a person picked, by its box
    }
    details.put("candidates", candidates.stream().map(Candidate::faceId).toList());
    if (authorization.isEmpty() == false) {
      details.put("authorization", authorization);
    }
    ReviewRecord material = null;
    byte[] probeCrop = null;
    if (terms != null && candidates.isEmpty() == false) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      material = ReviewRecord.kept(searchId, terms.searcher(), now, candidates.stream()
          .map(SearchService::scored).toList(), now.plus(terms.probeRetention()));
      probeCrop = GalleryFiles.crop(loader, query.probe(), query.probeName(), probeBox,
          analysis.width(), analysis.height());
      details.put("probe_kept_until", material.keepUntil().toString());
    }
    AuditEvent event = new AuditEvent(query.actor(), "search.run", "search:" + searchId, details);
    ReviewRecord keep = material;
    byte[] crop = probeCrop;
    // The review material and the audit entry commit together (the audit last, as the store's
    // lock order wants): no kept probe without the search that explains it.
    AuditEntry entry = keep == null ? gallery.store().audit().append(event)
        : gallery.store().inTransaction(tx -> {
          gallery.store().reviews().record(tx, keep, crop);
          return gallery.store().audit().append(tx, event);
        });
    return new SearchResult(searchId, entry.sequence(), entry.time(), query.purpose(),
        query.caseRef(), probeSha256, analysis.faces().size(), probeBox, modelId, pipeline.pack().name(),
        candidates, keep == null ? null : keep.keepUntil());
  }

  private static ScoredCandidate scored(Candidate c) {
    return new ScoredCandidate(c.faceId(), c.rank(), c.score(),
        c.fmr() == null ? null : c.fmr().fmr(), c.fmr() == null ? null : c.fmr().bound().name());
  }

  /**
   * How many nearest templates to ask the index for: {@code k} for a face search; for a subject
   * search, more, so that subjects enrolled with several photos still leave room for {@code k}
   * different people. Grouping needs only the hits' subject ids (one query); ranking reads the
   * templates of the subjects among the hits, and only the {@code k} listed faces are read in
   * full.
   */
  private static int indexHits(SearchQuery query) {
    return query.by() == SearchMode.FACE ? query.k()
        : Math.min(query.k() * SUBJECT_FANOUT, MAX_SUBJECT_HITS);
  }

  /**
   * The templates each subject's fused template is made of: those of the probe's model in the
   * searched collections.
   */
  private static Map<UUID, List<float[]>> subjectTemplates(Map<UUID, List<Face>> faces,
      String modelId, Set<String> collections) {
    Map<UUID, List<float[]>> templates = new HashMap<>();
    faces.forEach((subject, ofSubject) -> templates.put(subject, ofSubject.stream()
        .filter(f -> f.modelId().equals(modelId) && collections.contains(f.collection()))
        .map(Face::template).toList()));
    return templates;
  }
}
