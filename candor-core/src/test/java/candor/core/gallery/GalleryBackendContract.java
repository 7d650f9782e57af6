package candor.core.gallery;

import static candor.core.gallery.GalleryTestSupport.ingest;
import static candor.core.gallery.GalleryTestSupport.people;
import static candor.core.gallery.GalleryTestSupport.query;
import static candor.core.gallery.GalleryTestSupport.request;
import static candor.core.gallery.GalleryTestSupport.writePeople;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.audit.AuditEntry;
import candor.core.audit.AuditEvent;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.store.DuplicateMediaException;
import candor.core.store.IngestBatch;
import candor.core.store.IngestReceipt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery's contract, whatever store and index it runs on: every backend pair (SQLite +
 * Lucene, PostgreSQL + Lucene, PostgreSQL + SolrCloud) passes it by overriding {@link
 * #config(Path)}, as Lucene's codecs pass {@code BaseKnnVectorsFormatTestCase}.
 *
 * <p>The people are real faces cut from the vision module's fixture photos ({@link
 * GalleryTestSupport}); each test ingests their enrolment portraits as subjects of collection
 * {@code people} and searches with their probes.
 */
abstract class GalleryBackendContract {

  @TempDir Path tmp;

  /**
   * Returns the gallery under test in {@code dataDir}: a fresh, empty store and index for every
   * test (its own PostgreSQL schema, its own Solr collection).
   */
  abstract GalleryConfig config(Path dataDir);

  private Path data() {
    return tmp.resolve("data");
  }

  private Gallery open() {
    return Gallery.open(config(data()));
  }

  /** The same store with the embedded exact index: writes the store without the index under test. */
  private Gallery openBesideTheIndex() {
    return Gallery.open(config(data()).withIndexKind(IndexKind.EXACT));
  }

  private static SearchService search(Gallery gallery) {
    return new SearchService(gallery, GalleryTestSupport.pipeline(), GalleryTestSupport.loader());
  }

  static void assertFoundFirst(Gallery gallery, GalleryTestSupport.Person p) {
    SearchResult result = search(gallery).search(query(p.probe(), 3, "people"));
    assertThat(result.candidates()).as(p.name()).isNotEmpty();
    Candidate first = result.candidates().getFirst();
    assertThat(first.subject().externalRef()).as(p.name()).isEqualTo(p.name());
    assertThat(first.rank()).isEqualTo(1);
  }

  static void assertNotFound(Gallery gallery, GalleryTestSupport.Person p, Subject s) {
    assertThat(search(gallery).search(query(p.probe(), 10, "people")).candidates())
        .as(p.name() + " after erasure")
        .noneMatch(c -> c.subject().id().equals(s.id()));
  }

  static Subject subject(Gallery gallery, String name) {
    return gallery.store().gallery().findSubjectByExternalRef("people", name).orElseThrow();
  }

  @Test
  void ingested_subjects_are_found_first_by_their_probe() {
    writePeople(tmp.resolve("in"), false);
    try (Gallery gallery = open()) {
      ingest(gallery, request("people", true), false, tmp.resolve("in"));
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(6);
      assertThat(gallery.indexStats().count()).isEqualTo(6);
      for (GalleryTestSupport.Person p : people()) {
        assertFoundFirst(gallery, p);
      }
    }
    // and again after reopening: the index kept what it committed
    try (Gallery gallery = open()) {
      assertThat(gallery.replay().added()).as("nothing to replay").isZero();
      assertThat(gallery.indexStats().count()).isEqualTo(6);
      assertFoundFirst(gallery, people().getLast());
    }
  }

  @Test
  void erasing_a_subject_removes_it_from_search_and_store() {
    writePeople(tmp.resolve("in"), false);
    GalleryTestSupport.Person victim = people().getFirst();
    try (Gallery gallery = open()) {
      ingest(gallery, request("people", true), false, tmp.resolve("in"));
      Subject subject = subject(gallery, victim.name());
      assertFoundFirst(gallery, victim);

      ErasureResult receipt = new ErasureService(gallery).eraseSubject("dpo", subject.id());

      assertThat(receipt.facesErased()).isEqualTo(1);
      assertThat(receipt.subjectsErased()).isEqualTo(1);
      assertThat(gallery.store().gallery().findSubjectByExternalRef("people", victim.name()))
          .isEmpty();
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(5);
      assertThat(gallery.indexStats().count()).isEqualTo(5);
      assertNotFound(gallery, victim, subject);
      assertFoundFirst(gallery, people().get(1));
    }
    try (Gallery gallery = open()) {
      assertThat(gallery.indexStats().count()).as("after reopening").isEqualTo(5);
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(5);
    }
  }

  /** What ingest would store for a person's enrolment portrait: a new subject and its face. */
  private static IngestBatch enrolment(GalleryTestSupport.Person p, String digest) {
    List<candor.vision.Face> faces = GalleryTestSupport.pipeline()
        .analyze(GalleryTestSupport.loader(), p.enrol(), p.name(), true).faces();
    Subject subject = new Subject(UUID.randomUUID(), "people", p.name(), p.name(),
        GalleryTestSupport.BASIS, LocalDate.now(ZoneOffset.UTC).plusDays(30), Instant.now());
    Media media = new Media(digest, "people", p.name() + ".jpg", "tester", Instant.now(),
        p.enrol().length, 100, 100, LocalDate.now(ZoneOffset.UTC).plusDays(30));
    return new IngestBatch(media, List.of(subject),
        List.of(VisionRecords.draft(faces.getFirst(), subject.id(), null, null)));
  }

  private static AuditEvent audited(IngestReceipt receipt) {
    return AuditEvent.of("tester", "media.ingest", "media:people/" + receipt.media().sha256());
  }

  @Test
  void a_group_of_images_commits_together_with_an_audit_entry_each_or_not_at_all() {
    List<GalleryTestSupport.Person> people = people();
    try (Gallery gallery = open()) {
      new CollectionService(gallery).create("tester",
          GalleryTestSupport.newCollection("people", false));
      long audited = gallery.store().audit().headSequence();

      List<IngestReceipt> receipts = gallery.ingest(List.of(enrolment(people.get(0), "a".repeat(64)),
          enrolment(people.get(1), "b".repeat(64)), enrolment(people.get(2), "c".repeat(64))),
          GalleryBackendContract::audited);

      assertThat(receipts).extracting(r -> r.media().sha256())
          .containsExactly("a".repeat(64), "b".repeat(64), "c".repeat(64));
      List<Long> sequences = receipts.stream().map(IngestReceipt::lastSequence).toList();
      assertThat(sequences.get(1)).isEqualTo(sequences.get(0) + 1);
      assertThat(sequences.get(2)).isEqualTo(sequences.get(0) + 2);
      assertThat(gallery.store().audit().headSequence()).isEqualTo(audited + 3);
      assertThat(gallery.store().audit().entries(audited, 10)).extracting(AuditEntry::object)
          .containsExactly("media:people/" + "a".repeat(64), "media:people/" + "b".repeat(64),
              "media:people/" + "c".repeat(64));
      assertThat(gallery.indexStats().count()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        assertFoundFirst(gallery, people.get(i));
      }

      // the second image of this group is already stored: nothing of the group is
      long searched = gallery.store().audit().headSequence(); // each search was audited
      assertThatThrownBy(() -> gallery.ingest(List.of(enrolment(people.get(3), "d".repeat(64)),
          enrolment(people.get(4), "a".repeat(64))), GalleryBackendContract::audited))
          .isInstanceOf(DuplicateMediaException.class);
      assertThat(gallery.store().gallery().findMedia("people", "d".repeat(64))).isEmpty();
      assertThat(gallery.store().gallery().findSubjectByExternalRef("people",
          people.get(3).name())).isEmpty();
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(3);
      assertThat(gallery.store().audit().headSequence()).isEqualTo(searched);
      assertThat(gallery.indexStats().count()).isEqualTo(3);
      assertThat(gallery.store().audit().verify().isIntact()).isTrue();

      // and the next group goes on from the same sequence
      IngestReceipt next = gallery.ingest(List.of(enrolment(people.get(3), "d".repeat(64))),
          GalleryBackendContract::audited).getFirst();
      assertThat(next.lastSequence()).isEqualTo(sequences.get(2) + 1);
      gallery.commitIndex();
      assertThat(gallery.indexCommittedSequence()).isEqualTo(next.lastSequence());
    }
  }

  @Test
  void changes_committed_in_the_store_but_not_in_the_index_are_replayed_on_reopen() {
    writePeople(tmp.resolve("in"), false);
    GalleryTestSupport.Person victim = people().getFirst();
    try (Gallery gallery = open()) {
      assertThat(gallery.indexStats().count()).isZero();
    }
    // The store commits, the index under test never hears of it: as if the process died
    // between the store's commit and the index's.
    try (Gallery beside = openBesideTheIndex()) {
      ingest(beside, request("people", true), false, tmp.resolve("in"));
    }
    Subject subject;
    try (Gallery gallery = open()) {
      assertThat(gallery.replay().fromSequence()).isZero();
      assertThat(gallery.replay().added()).isEqualTo(6);
      assertThat(gallery.replay().rebuilt()).isFalse();
      assertThat(gallery.indexStats().count()).isEqualTo(6);
      assertThat(gallery.indexCommittedSequence())
          .isEqualTo(gallery.store().gallery().maxSequence());
      for (GalleryTestSupport.Person p : people()) {
        assertFoundFirst(gallery, p);
      }
      subject = subject(gallery, victim.name());
    }
    // An erasure the index missed in the same way.
    try (Gallery beside = openBesideTheIndex()) {
      new ErasureService(beside).eraseSubject("dpo", subject.id());
    }
    try (Gallery gallery = open()) {
      assertThat(gallery.replay().added()).isZero();
      assertThat(gallery.replay().deleted()).isEqualTo(1);
      assertThat(gallery.indexStats().count()).isEqualTo(5);
      assertThat(gallery.store().gallery().faceCount()).isEqualTo(5);
      assertNotFound(gallery, victim, subject);
    }
  }

  @Test
  void a_rebuild_repopulates_the_index_from_scratch_and_a_rerun_resumes() throws Exception {
    writePeople(tmp.resolve("in"), false);
    try (Gallery gallery = open()) {
      ingest(gallery, request("people", true), false, tmp.resolve("in"));
    }
    GalleryConfig config = config(data());
    long[] progress = {-1};
    Gallery.Replay rebuilt = Gallery.rebuildIndex(config, 2,
        (from, done, last) -> progress[0] = done);
    assertThat(rebuilt.rebuilt()).isTrue();
    assertThat(rebuilt.fromSequence()).as("from scratch").isZero();
    assertThat(rebuilt.added()).isEqualTo(6);
    assertThat(rebuilt.reason()).isNull();
    assertThat(progress[0]).isEqualTo(rebuilt.toSequence());
    assertThat(config.rebuildMarker()).doesNotExist();

    // A rebuild that was interrupted after its last commit: the rerun continues, not restarts.
    Files.writeString(config.rebuildMarker(), "interrupted\n");
    Gallery.Replay resumed = Gallery.rebuildIndex(config, 2, Gallery.ReplayListener.NONE);
    assertThat(resumed.rebuilt()).isFalse();
    assertThat(resumed.fromSequence()).isEqualTo(rebuilt.toSequence());
    assertThat(resumed.added()).isZero();
    assertThat(config.rebuildMarker()).doesNotExist();

    try (Gallery gallery = open()) {
      assertThat(gallery.replay().added()).isZero();
      assertThat(gallery.indexStats().count()).isEqualTo(6);
      for (GalleryTestSupport.Person p : people()) {
        assertFoundFirst(gallery, p);
      }
    }
  }
}
