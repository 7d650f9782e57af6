package candor.core.gallery;

import static candor.core.gallery.GalleryTestSupport.BASIS;
import static candor.core.gallery.GalleryTestSupport.fixture;
import static candor.core.gallery.GalleryTestSupport.ingest;
import static candor.core.gallery.GalleryTestSupport.people;
import static candor.core.gallery.GalleryTestSupport.pipeline;
import static candor.core.gallery.GalleryTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.audit.AuditEntry;
import candor.core.eval.FaceChoice;
import candor.core.rights.OptOutEntry;
import candor.core.rights.OptOutModelException;
import candor.core.rights.RequestKind;
import candor.core.rights.RightsRequest;
import candor.vision.ImageAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ingest checks the faces it would store against the do-not-enrol list: a listed person is
 * not enrolled, their face is left out of a group photo (and the photo's original is not kept),
 * and each skip is audited without anything that points to the person or the photo.
 */
class IngestOptOutTest {

  @TempDir Path tmp;

  private Gallery open() {
    return Gallery.open(GalleryConfig.defaults(tmp.resolve("data")));
  }

  /** Puts a person on the list with the template of their enrolment portrait. */
  private static void optOut(Gallery gallery, byte[] portrait) {
    optOut(gallery, pipeline().analyze(GalleryTestSupport.loader(), portrait, "me.jpg", true)
        .faces().getFirst().template().values());
  }

  /** Puts a person on the list with a template of theirs. */
  private static void optOut(Gallery gallery, float[] template) {
    RightsRequest request = RightsRequest.received(UUID.randomUUID(), RequestKind.OPT_OUT,
        "ticket 7", "olga", Instant.now());
    gallery.store().inTransaction(tx -> {
      gallery.store().rights().create(tx, request, null);
      gallery.store().rights().addOptOut(tx, new OptOutEntry(UUID.randomUUID(),
          pipeline().modelId(), "consent form 7", request.id(), "olga", Instant.now()), template);
      return null;
    });
  }

  private static List<AuditEntry> entries(Gallery gallery, String action) {
    return gallery.store().audit().entries(0, 10_000).stream()
        .filter(e -> e.action().equals(action)).toList();
  }

  @Test
  void a_listed_person_is_not_enrolled_and_the_skip_is_audited_without_the_photo()
      throws IOException {
    GalleryTestSupport.Person listed = people().get(0);
    GalleryTestSupport.Person other = people().get(3);
    Path input = tmp.resolve("in");
    write(input.resolve(listed.name()).resolve("b.jpg"), listed.probe());
    write(input.resolve(other.name()).resolve("b.jpg"), other.probe());
    try (Gallery gallery = open()) {
      optOut(gallery, listed.enrol());
      IngestSummary summary = ingest(gallery, GalleryTestSupport.request("people", true), false,
          input);

      assertThat(summary.errors()).isEmpty();
      assertThat(summary.files()).isEqualTo(2);
      assertThat(summary.facesOptedOut()).isEqualTo(1);
      assertThat(summary.faces()).isEqualTo(1);
      assertThat(summary.mediaStored()).isEqualTo(1);
      assertThat(gallery.store().gallery().findSubjectByExternalRef("people", listed.name()))
          .isEmpty();
      assertThat(gallery.store().gallery().findSubjectByExternalRef("people", other.name()))
          .isPresent();
      assertThat(gallery.store().gallery().findMedia("people", Sha256.hex(listed.probe())))
          .isEmpty();
      AuditEntry skip = entries(gallery, "optout.skip").getFirst();
      assertThat(skip.object()).isEqualTo("collection:people");
      assertThat(skip.actor()).isEqualTo("tester");
      assertThat(skip.detailsJson()).contains("\"faces_skipped\":1", "\"file_skipped\":true",
          "\"max_fmr\":1.0E-5", "\"collection\":\"people\"")
          .doesNotContain(listed.name(), Sha256.hex(listed.probe()), "b.jpg");
      assertThat(entries(gallery, "media.ingest")).singleElement()
          .satisfies(e -> assertThat(e.toString()).doesNotContain(listed.name()));
    }
  }

  @Test
  void a_group_photo_keeps_the_others_and_not_the_listed_face_nor_the_original()
      throws IOException {
    GalleryTestSupport.Person listed = people().get(0); // a face of sample1
    byte[] group = fixture(1);
    Path input = write(tmp.resolve("in").resolve("group.jpg"), group);
    int everyone = pipeline().analyze(GalleryTestSupport.loader(), group, "group", false)
        .faces().size();
    try (Gallery gallery = open()) {
      optOut(gallery, listed.enrol());
      IngestRequest request = new IngestRequest("events", BASIS, null, null, "tester", false,
          FaceChoice.CENTRAL, GalleryTestSupport.newCollection("events", true), 1, 1_000);
      IngestSummary summary = ingest(gallery, request, false, input);

      assertThat(summary.facesOptedOut()).isEqualTo(1);
      assertThat(summary.faces()).isEqualTo(everyone - 1);
      assertThat(summary.mediaStored()).isEqualTo(1);
      assertThat(Files.exists(gallery.resolve(
          GalleryFiles.originalPath("events", Sha256.hex(group))))).isFalse();
      SearchService search = new SearchService(gallery, pipeline(), GalleryTestSupport.loader());
      List<Candidate> found = search.search(GalleryTestSupport.query(listed.probe(), 10,
          "events")).candidates();
      StrictThreshold strict = StrictThreshold.forModel(pipeline().modelId(),
          StrictThreshold.DEFAULT_MAX_FMR);
      assertThat(found).noneMatch(c -> strict.reached(c.score()));
      assertThat(entries(gallery, "optout.skip")).singleElement().satisfies(e ->
          assertThat(e.detailsJson()).contains("\"faces_skipped\":1", "\"file_skipped\":false"));
    }
  }

  @Test
  void with_subjects_a_listed_bystander_keeps_the_original_out_and_the_subject_in()
      throws IOException {
    byte[] group = fixture(1);
    Path input = write(tmp.resolve("in").resolve("someone").resolve("group.jpg"), group);
    ImageAnalysis full = pipeline().analyze(GalleryTestSupport.loader(), group, "group", true);
    candor.vision.Face subject = FaceChoice.CENTRAL.choose(full.faces(), full.width(),
        full.height()).orElseThrow();
    candor.vision.Face bystander = full.faces().stream().filter(f -> f != subject).findFirst()
        .orElseThrow();
    try (Gallery gallery = open()) {
      optOut(gallery, bystander.template().values());
      IngestRequest request = new IngestRequest("events", BASIS, null, null, "tester", true,
          FaceChoice.CENTRAL, GalleryTestSupport.newCollection("events", true), 1, 1_000);
      IngestSummary summary = ingest(gallery, request, false, input);

      // the subject is enrolled; the bystander was never to be, so nothing is skipped for them
      assertThat(summary.faces()).isEqualTo(1);
      assertThat(summary.facesOptedOut()).isZero();
      assertThat(summary.mediaStored()).isEqualTo(1);
      // but the photo shows them: it is not kept
      assertThat(Files.exists(gallery.resolve(
          GalleryFiles.originalPath("events", Sha256.hex(group))))).isFalse();
    }
  }

  @Test
  void an_entry_of_another_pack_refuses_the_ingest_before_anything_is_stored()
      throws IOException {
    GalleryTestSupport.Person person = people().get(3);
    Path input = write(tmp.resolve("in").resolve(person.name()).resolve("b.jpg"), person.probe());
    // an entry added while the gallery ran another pack: its template cannot be compared
    String otherModel = "edgeface-xs-512-rgb-c598d71f";
    RightsRequest request = RightsRequest.received(UUID.randomUUID(), RequestKind.OPT_OUT,
        "ticket 8", "olga", Instant.now());
    float[] template = new float[pipeline().dimension()];
    template[0] = 1f;
    try (Gallery gallery = open()) {
      gallery.store().inTransaction(tx -> {
        gallery.store().rights().create(tx, request, null);
        gallery.store().rights().addOptOut(tx, new OptOutEntry(UUID.randomUUID(), otherModel,
            "consent form 8", request.id(), "olga", Instant.now()), template);
        return null;
      });
      assertThatThrownBy(() -> ingest(gallery, GalleryTestSupport.request("people", true), false,
          input)).isInstanceOf(OptOutModelException.class)
          .hasMessageContaining("1 entry made with templates " + otherModel)
          .hasMessageContaining(pipeline().modelId());
      assertThat(gallery.store().gallery().findCollection("people")).isEmpty();
      assertThat(entries(gallery, "media.ingest")).isEmpty();
    }
  }

  @Test
  void without_a_list_nothing_is_left_out() throws IOException {
    Path input = write(tmp.resolve("in").resolve("group.jpg"), fixture(1));
    try (Gallery gallery = open()) {
      IngestRequest request = new IngestRequest("events", BASIS, null, null, "tester", false,
          FaceChoice.CENTRAL, GalleryTestSupport.newCollection("events", true), 1, 1_000);
      IngestSummary summary = ingest(gallery, request, false, input);
      assertThat(summary.facesOptedOut()).isZero();
      assertThat(summary.faces()).isPositive();
      assertThat(entries(gallery, "optout.skip")).isEmpty();
    }
  }
}
