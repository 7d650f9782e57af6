package candor.core.gallery;

import static candor.core.gallery.GalleryTestSupport.ingest;
import static candor.core.gallery.GalleryTestSupport.people;
import static candor.core.gallery.GalleryTestSupport.query;
import static candor.core.gallery.GalleryTestSupport.request;
import static candor.core.gallery.GalleryTestSupport.writePeople;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.eval.FaceChoice;
import candor.core.model.BoundingBox;
import candor.core.model.Face;
import candor.core.model.FaceDraft;
import candor.core.model.FusedTemplate;
import candor.core.model.Media;
import candor.core.model.Quality;
import candor.core.store.CollectionNotFoundException;
import candor.core.store.IngestBatch;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchServiceTest {

  @TempDir Path tmp;
  private Gallery gallery;
  private SearchService search;

  @BeforeEach
  void enrol() {
    writePeople(tmp.resolve("in"), false);
    gallery = Gallery.open(GalleryConfig.defaults(tmp.resolve("data")));
    ingest(gallery, request("people", true), false, tmp.resolve("in"));
    search = new SearchService(gallery, GalleryTestSupport.pipeline(), GalleryTestSupport.loader());
  }

  @AfterEach
  void close() {
    gallery.close();
  }

  @Test
  void finds_the_right_subject_first_for_every_probe() {
    for (GalleryTestSupport.Person p : people()) {
      SearchResult result = search.search(query(p.probe(), 3, "people"));
      assertThat(result.candidates()).as(p.name()).hasSize(3);
      Candidate first = result.candidates().getFirst();
      assertThat(first.subject().externalRef()).as(p.name()).isEqualTo(p.name());
      assertThat(first.rank()).isEqualTo(1);
      assertThat(first.score()).isGreaterThan(result.candidates().get(1).score());
      assertThat(first.source()).endsWith(p.name() + "/a.jpg");
      assertThat(first.cropPath()).startsWith("crops/people/");
      assertThat(result.modelId()).isEqualTo("mbf512-bgr-87aacdfe");
    }
  }

  @Test
  void a_subject_search_lists_each_subject_once_with_its_best_face() {
    writePeople(tmp.resolve("two-photos"), true);
    try (Gallery twice = Gallery.open(GalleryConfig.defaults(tmp.resolve("data2")))) {
      ingest(twice, request("people", true), false, tmp.resolve("two-photos"));
      SearchService service =
          new SearchService(twice, GalleryTestSupport.pipeline(), GalleryTestSupport.loader());
      GalleryTestSupport.Person p = people().getFirst();
      SearchQuery byFace = query(p.probe(), 4, "people");
      SearchQuery bySubject = new SearchQuery(byFace.actor(), byFace.purpose(), byFace.caseRef(),
          byFace.collections(), 4, p.probe(), "probe.jpg", FaceChoice.LARGEST, SearchMode.SUBJECT);

      List<Candidate> faces = service.search(new SearchQuery(byFace.actor(), byFace.purpose(),
          byFace.caseRef(), byFace.collections(), 4, p.probe(), "probe.jpg", FaceChoice.LARGEST,
          SearchMode.FACE)).candidates();
      assertThat(faces).hasSize(4);
      assertThat(faces.subList(0, 2)).extracting(c -> c.subject().externalRef())
          .containsOnly(p.name());
      assertThat(faces).extracting(Candidate::matchedFaces).containsOnly(1);
      assertThat(faces).allSatisfy(c -> assertThat(c.subjectScore()).isEqualTo(c.score()));

      List<Candidate> subjects = service.search(bySubject).candidates();
      assertThat(subjects).hasSize(4);
      assertThat(subjects).extracting(c -> c.subject().externalRef()).doesNotHaveDuplicates();
      Candidate first = subjects.getFirst();
      assertThat(first.subject().externalRef()).isEqualTo(p.name());
      assertThat(first.faceId()).isEqualTo(faces.getFirst().faceId());
      assertThat(first.score()).isEqualTo(faces.getFirst().score());
      assertThat(first.matchedFaces()).isEqualTo(2);
      // Ranked by the fused template of both of the subject's faces, recomputed here from the
      // store's templates and the probe's.
      float[] probe = FaceChoice.LARGEST.choose(GalleryTestSupport.pipeline()
              .analyze(GalleryTestSupport.loader(), p.probe(), "probe.jpg", true).faces(), 0, 0)
          .orElseThrow().template().values();
      List<float[]> templates = twice.store().gallery().facesOfSubject(first.subject().id())
          .stream().map(Face::template).toList();
      assertThat(templates).hasSize(2);
      assertThat((double) first.subjectScore())
          .isCloseTo(FusedTemplate.of(templates).similarity(probe), within(1e-5))
          .isNotEqualTo((double) first.score());
      assertThat(subjects).extracting(Candidate::subjectScore).isSortedAccordingTo(
          java.util.Comparator.reverseOrder());
      assertThat(subjects.get(1).subject().externalRef()).isNotEqualTo(p.name());
      assertThat(twice.store().audit().entries(0, 1000).getLast().detailsJson())
          .contains("\"by\":\"subject\"");
    }
  }

  @Test
  void audits_the_search_with_its_reason_and_the_probe_digest_only() {
    GalleryTestSupport.Person p = people().getFirst();
    SearchResult result = search.search(new SearchQuery("alice", SearchPurpose.MISSING_PERSON,
        "case 42", Set.of("people"), 2, p.probe(), "probe.jpg", FaceChoice.LARGEST));
    List<AuditEntry> entries = gallery.store().audit().entries(0, 100);
    AuditEntry entry = entries.getLast();
    assertThat(entry.sequence()).isEqualTo(result.auditSequence());
    assertThat(entry.actor()).isEqualTo("alice");
    assertThat(entry.action()).isEqualTo("search.run");
    assertThat(entry.object()).isEqualTo("search:" + result.searchId());
    assertThat(entry.detailsJson()).contains(
        "\"purpose\":\"missing-person\"",
        "\"case\":\"case 42\"",
        "\"probe_sha256\":\"" + Sha256.hex(p.probe()) + "\"",
        "\"collections\":[\"people\"]",
        "\"k\":2",
        "\"candidates\":[" + result.candidates().get(0).faceId() + ","
            + result.candidates().get(1).faceId() + "]",
        "\"search_id\":\"" + result.searchId() + "\"");
  }

  @Test
  void a_search_for_review_keeps_the_scores_and_the_searched_face_sealed_with_its_audit_entry() {
    GalleryTestSupport.Person p = people().getFirst();
    ReviewTerms terms = new ReviewTerms("alice", ReviewTerms.DEFAULT_WEAK_ABOVE,
        java.time.Duration.ofDays(7));
    SearchResult result = search.search(query(p.probe(), 3, "people"), java.util.Map.of(),
        terms);
    assertThat(result.probeKeptUntil()).isAfter(result.at().plus(java.time.Duration.ofDays(6)))
        .isBefore(result.at().plus(java.time.Duration.ofDays(8)));
    assertThat(result.candidates()).extracting(Candidate::weak).containsExactlyElementsOf(
        result.candidates().stream().map(c -> terms.weak(c.fmr())).toList());

    candor.core.store.ReviewRecord kept = gallery.store().reviews().find(result.searchId())
        .orElseThrow();
    assertThat(kept.searcher()).isEqualTo("alice");
    assertThat(kept.keepUntil()).isEqualTo(result.probeKeptUntil());
    assertThat(kept.candidates()).extracting(candor.core.store.ScoredCandidate::faceId)
        .containsExactlyElementsOf(result.candidates().stream().map(Candidate::faceId).toList());
    assertThat(kept.candidates().getFirst().score())
        .isEqualTo(result.candidates().getFirst().score());
    byte[] face = gallery.store().reviews().openProbe(result.searchId(), result.at())
        .orElseThrow();
    // A JPEG of the searched face only, at most the crop size reviewers get of gallery faces.
    assertThat(face).startsWith((byte) 0xFF, (byte) 0xD8);
    BufferedImage image = GalleryTestSupport.decode(face);
    assertThat(Math.max(image.getWidth(), image.getHeight()))
        .isLessThanOrEqualTo(GalleryFiles.CROP_MAX_SIDE);
    assertThat(gallery.store().audit().entries(0, 100).getLast().detailsJson())
        .contains("\"probe_kept_until\":\"" + result.probeKeptUntil() + "\"");
  }

  @Test
  void a_search_without_review_terms_or_without_candidates_keeps_no_probe() {
    GalleryTestSupport.Person p = people().getFirst();
    SearchResult plain = search.search(query(p.probe(), 3, "people"));
    assertThat(plain.probeKeptUntil()).isNull();
    assertThat(gallery.store().reviews().find(plain.searchId())).isEmpty();
    BufferedImage grey = new BufferedImage(100, 100, BufferedImage.TYPE_3BYTE_BGR);
    SearchResult empty = search.search(query(GalleryTestSupport.jpeg(grey, 0.9f), 5, "people"),
        java.util.Map.of(), new ReviewTerms("alice", 1e-3, java.time.Duration.ofDays(7)));
    assertThat(empty.probeKeptUntil()).isNull();
    assertThat(gallery.store().reviews().find(empty.searchId())).isEmpty();
  }

  @Test
  void a_probe_without_a_face_gives_no_candidates_and_is_audited() {
    BufferedImage grey = new BufferedImage(100, 100, BufferedImage.TYPE_3BYTE_BGR);
    SearchResult result = search.search(query(GalleryTestSupport.jpeg(grey, 0.9f), 5, "people"));
    assertThat(result.probeHasFace()).isFalse();
    assertThat(result.candidates()).isEmpty();
    assertThat(gallery.store().audit().entries(0, 100).getLast().detailsJson())
        .contains("\"faces_in_probe\":0", "\"candidates\":[]");
  }

  @Test
  void requires_a_purpose_and_a_case() {
    byte[] probe = people().getFirst().probe();
    assertThatThrownBy(() -> new SearchQuery("alice", null, "case 1", Set.of("people"), 10,
        probe, "p.jpg", FaceChoice.LARGEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a search requires a purpose, one of criminal-investigation, missing-person,"
            + " victim-identification, identity-verification, evaluation,"
            + " subject-access-request");
    assertThatThrownBy(() -> new SearchQuery("alice", SearchPurpose.EVALUATION, " ",
        Set.of("people"), 10, probe, "p.jpg", FaceChoice.LARGEST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a search requires a case reference");
    assertThatThrownBy(() -> SearchPurpose.parse("curiosity"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown search purpose 'curiosity', expected one of criminal-investigation,"
            + " missing-person, victim-identification, identity-verification, evaluation,"
            + " subject-access-request");
    assertThat(SearchPurpose.parse("Missing-Person")).isEqualTo(SearchPurpose.MISSING_PERSON);
  }

  @Test
  void refuses_an_unknown_collection() {
    assertThatThrownBy(() -> search.search(query(people().getFirst().probe(), 5, "people", "nope")))
        .isInstanceOf(CollectionNotFoundException.class)
        .hasMessage("collection 'nope' does not exist");
  }

  @Test
  void never_compares_templates_of_another_model() {
    GalleryTestSupport.Person p = people().getFirst();
    Face enrolled = gallery.store().gallery().facesOfSubject(gallery.store().gallery()
        .findSubjectByExternalRef("people", p.name()).orElseThrow().id()).getFirst();
    // The same template under another model's id: the closest possible impostor.
    Media media = new Media("cd".repeat(32), "people", "synthetic", "tester", Instant.now(), 10,
        10, 10, LocalDate.now().plusDays(1));
    FaceDraft other = new FaceDraft(null, new BoundingBox(0, 0, 5, 5), new float[10],
        new Quality(1, List.of()), "other-model", enrolled.template(), null, null);
    Face stored = gallery.ingest(IngestBatch.of(media, List.of(other)),
        r -> AuditEvent.of("tester", "media.ingest", "media:test")).faces().getFirst();

    SearchResult result = search.search(query(p.probe(), 10, "people"));
    assertThat(result.candidates()).extracting(Candidate::faceId).doesNotContain(stored.id());
    List<SearchHit> hits = gallery.search(new SearchRequest(enrolled.template(), 10,
        Set.of("people"), "other-model"));
    assertThat(hits).extracting(SearchHit::id).containsExactly(stored.id());

    // and after a replay from scratch
    gallery.close();
    GalleryTestSupport.deleteTree(tmp.resolve("data/index"));
    gallery = Gallery.open(GalleryConfig.defaults(tmp.resolve("data")));
    assertThat(gallery.replay().added()).isEqualTo(7);
    search = new SearchService(gallery, GalleryTestSupport.pipeline(), GalleryTestSupport.loader());
    assertThat(search.search(query(p.probe(), 10, "people")).candidates())
        .extracting(Candidate::faceId).doesNotContain(stored.id()).contains(enrolled.id());
  }
}
