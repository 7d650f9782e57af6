package candor.core.gallery;

import static candor.core.gallery.GalleryTestSupport.filesHoldingTemplate;
import static candor.core.gallery.GalleryTestSupport.ingest;
import static candor.core.gallery.GalleryTestSupport.people;
import static candor.core.gallery.GalleryTestSupport.query;
import static candor.core.gallery.GalleryTestSupport.request;
import static candor.core.gallery.GalleryTestSupport.writePeople;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.audit.AuditEntry;
import candor.core.model.Face;
import candor.core.model.Subject;
import candor.core.store.SubjectNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErasureServiceTest {

  @TempDir Path tmp;

  private Gallery open(IndexKind kind) {
    return Gallery.open(GalleryConfig.defaults(tmp.resolve("data")).withIndexKind(kind));
  }

  private static Subject subject(Gallery gallery, String name) {
    return gallery.store().gallery().findSubjectByExternalRef("people", name).orElseThrow();
  }

  @ParameterizedTest
  // SOLR needs a cluster: SolrVectorIndexTest scans every replica's files after an erasure, and
  // GalleryPostgresSolrTest erases through the gallery.
  @EnumSource(value = IndexKind.class, names = "SOLR", mode = EnumSource.Mode.EXCLUDE)
  void an_erased_subjects_template_is_in_no_file_of_the_data_directory(IndexKind kind) {
    writePeople(tmp.resolve("in"), true);
    GalleryTestSupport.Person victim = people().getFirst();
    float[] template;
    List<String> crops;
    try (Gallery gallery = open(kind)) {
      ingest(gallery, request("people", true), false, tmp.resolve("in"));
      Subject subject = subject(gallery, victim.name());
      List<Face> faces = gallery.store().gallery().facesOfSubject(subject.id());
      template = faces.getFirst().template();
      crops = faces.stream().map(Face::cropPath).toList();
      // the scan finds the template while it is enrolled (the index keeps raw float32 vectors)
      assertThat(filesHoldingTemplate(tmp.resolve("data"), template)).isNotEmpty();

      ErasureResult receipt = new ErasureService(gallery).eraseSubject("dpo", subject.id());
      assertThat(receipt.what()).isEqualTo("subject " + subject.id());
      assertThat(receipt.facesErased()).isEqualTo(2);
      assertThat(receipt.mediaErased()).isEqualTo(2);
      assertThat(receipt.subjectsErased()).isEqualTo(1);
      assertThat(receipt.filesDeleted()).isEqualTo(2);
      assertThat(receipt.subjects()).containsExactly(subject.id());
      for (String crop : crops) {
        assertThat(gallery.resolve(crop)).doesNotExist();
      }
      assertThat(gallery.indexStats().count()).isEqualTo(10);
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(10);
      assertThat(filesHoldingTemplate(tmp.resolve("data"), template)).as("while open").isEmpty();

      AuditEntry entry = gallery.store().audit().entries(0, 1000).getLast();
      assertThat(entry.sequence()).isEqualTo(receipt.auditSequence());
      assertThat(entry.action()).isEqualTo("subject.erase");
      assertThat(entry.detailsJson()).contains("\"faces_erased\":2").doesNotContain(victim.name());
      // the others are still found
      SearchService search = new SearchService(gallery, GalleryTestSupport.pipeline(),
          GalleryTestSupport.loader());
      Candidate first = search.search(query(people().get(1).probe(), 1, "people"))
          .candidates().getFirst();
      assertThat(first.subject().externalRef()).isEqualTo(people().get(1).name());
      assertThat(search.search(query(victim.probe(), 10, "people")).candidates())
          .noneMatch(c -> c.subject().id().equals(subject.id()));
    }
    assertThat(filesHoldingTemplate(tmp.resolve("data"), template)).as("after close").isEmpty();
    assertThat(tmp.resolve("data/pending-erasures")).isEmptyDirectory();
  }

  @Test
  void erasing_an_image_keeps_its_subject_and_other_faces() {
    writePeople(tmp.resolve("in"), true);
    try (Gallery gallery = open(IndexKind.LUCENE)) {
      ingest(gallery, request("people", true), false, tmp.resolve("in"));
      GalleryTestSupport.Person p = people().getFirst();
      String sha = Sha256.hex(p.enrol());
      ErasureResult receipt = new ErasureService(gallery)
          .eraseMedia("dpo", sha.toUpperCase(), Optional.empty());
      assertThat(receipt.facesErased()).isEqualTo(1);
      assertThat(receipt.mediaErased()).isEqualTo(1);
      assertThat(receipt.subjectsErased()).isZero();
      assertThat(receipt.media()).containsExactly("people/" + sha);
      Subject subject = subject(gallery, p.name());
      assertThat(gallery.store().gallery().facesOfSubject(subject.id())).hasSize(1);
      assertThat(gallery.indexStats().count()).isEqualTo(11);
      assertThatThrownBy(() -> new ErasureService(gallery).eraseMedia("dpo", sha, Optional.empty()))
          .isInstanceOf(UnknownMediaException.class)
          .hasMessage("media " + sha + " does not exist in any collection");
    }
  }

  @Test
  void refuses_unknown_subjects_and_malformed_digests() {
    try (Gallery gallery = open(IndexKind.LUCENE)) {
      UUID id = UUID.randomUUID();
      ErasureService erasure = new ErasureService(gallery);
      assertThatThrownBy(() -> erasure.eraseSubject("dpo", id))
          .isInstanceOf(SubjectNotFoundException.class)
          .hasMessage("subject " + id + " does not exist");
      assertThatThrownBy(() -> erasure.eraseMedia("dpo", "abc", Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("media must be a SHA-256: 64 hex digits, got 'abc'");
    }
  }

  @Test
  void open_finishes_an_erasure_that_a_crash_interrupted() throws Exception {
    writePeople(tmp.resolve("in"), false);
    Path crop;
    try (Gallery gallery = open(IndexKind.LUCENE)) {
      ingest(gallery, request("people", true), false, tmp.resolve("in"));
      Subject subject = subject(gallery, people().getFirst().name());
      Face face = gallery.store().gallery().facesOfSubject(subject.id()).getFirst();
      crop = gallery.resolve(face.cropPath());
      // What a crash right after the store's commit leaves: the journal, the files, the index entry.
      PendingErasures.begin(gallery.dataDir(),
          List.of(new PendingErasures.Target.Subject(subject.id())), List.of(face.cropPath()));
      gallery.store().gallery().eraseSubject(subject.id());
      // And a journal of an erasure that never committed: its files must stay.
      Subject other = subject(gallery, people().get(1).name());
      Face kept = gallery.store().gallery().facesOfSubject(other.id()).getFirst();
      PendingErasures.begin(gallery.dataDir(),
          List.of(new PendingErasures.Target.Subject(other.id())), List.of(kept.cropPath()));
    }
    assertThat(crop).exists();
    try (Gallery gallery = open(IndexKind.LUCENE)) {
      assertThat(crop).doesNotExist();
      assertThat(gallery.replay().deleted()).isEqualTo(1);
      assertThat(gallery.indexStats().count()).isEqualTo(5);
      assertThat(Files.list(tmp.resolve("data/pending-erasures"))).isEmpty();
      Subject other = subject(gallery, people().get(1).name());
      Face kept = gallery.store().gallery().facesOfSubject(other.id()).getFirst();
      assertThat(gallery.resolve(kept.cropPath())).exists();
    }
  }
}
