package candor.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.crypto.Aead;
import candor.core.crypto.DecryptionFailedException;
import candor.core.crypto.TemplateCodec;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.FaceDraft;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.model.SubjectFaceCount;
import candor.core.store.CollectionNotFoundException;
import candor.core.store.DuplicateCollectionException;
import candor.core.store.DuplicateMediaException;
import candor.core.store.DuplicateSubjectException;
import candor.core.store.FaceChange;
import candor.core.store.IngestBatch;
import candor.core.store.IngestReceipt;
import candor.core.store.StoredCrop;
import candor.core.store.SubjectNotFoundException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract of the gallery store, run on every database: migrations, records, ingest,
 * duplicates, sequence numbers and the change log.
 */
abstract class GalleryStoreContract extends StoreTestCase {

  @Test
  void migrations_create_every_table_empty() throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      for (String table : List.of("collections", "subjects", "media", "faces", "face_changes",
          "data_keys", "audit_log", "review_searches", "search_candidates", "rights_requests",
          "do_not_enrol", "template_models", "gallery_pack", "pack_migrations",
          "pack_migration_failures")) {
        try (ResultSet row = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          row.next();
          assertThat(row.getLong(1)).as(table).isZero();
        }
      }
      try (ResultSet row = s.executeQuery(
          "SELECT COUNT(*) FROM flyway_schema_history WHERE success = true AND version IS NOT NULL")) {
        row.next();
        // V1 gallery, V2 audit, V3 append-only audit (per vendor), V10 access, V11 review,
        // V12 review material, V14 rights, V14.1 the privacy officer's role (per vendor), V15 packs
        assertThat(row.getLong(1)).isEqualTo(9);
      }
    }
    assertThat(gallery().maxSequence()).isZero();
    assertThat(store.audit().headSequence()).isZero();
  }

  @Test
  void reopening_a_migrated_database_keeps_its_data() {
    createCollection("archive");
    store.close();
    store = JdbcStore.open(db.config());
    assertThat(gallery().findCollection("archive")).isPresent();
  }

  @Test
  void creates_finds_and_lists_collections() {
    CollectionInfo b = createCollection("b-coll");
    CollectionInfo a = createCollection("a-coll");
    assertThat(gallery().findCollection("a-coll")).contains(a);
    assertThat(gallery().findCollection("missing")).isEmpty();
    assertThat(gallery().listCollections()).containsExactly(a, b);
  }

  @Test
  void rejects_a_duplicate_collection_name() {
    createCollection("archive");
    assertThatThrownBy(() -> createCollection("archive"))
        .isInstanceOf(DuplicateCollectionException.class)
        .hasMessage("collection 'archive' already exists");
  }

  @Test
  void creates_and_finds_a_subject_by_id_and_external_reference() {
    createCollection("enrolled");
    Subject subject = gallery().createSubject(fixtures.subject("enrolled"));
    assertThat(gallery().findSubject(subject.id())).contains(subject);
    assertThat(gallery().findSubjectByExternalRef("enrolled", subject.externalRef()))
        .contains(subject);
    assertThat(gallery().findSubject(UUID.randomUUID())).isEmpty();
  }

  @Test
  void rejects_a_subject_in_an_unknown_collection() {
    assertThatThrownBy(() -> gallery().createSubject(fixtures.subject("nowhere")))
        .isInstanceOf(CollectionNotFoundException.class)
        .hasMessage("collection 'nowhere' does not exist");
  }

  @Test
  void rejects_a_duplicate_external_reference_in_a_collection() {
    createCollection("enrolled");
    Subject first = gallery().createSubject(fixtures.subject("enrolled"));
    Subject second = new Subject(UUID.randomUUID(), "enrolled", first.externalRef(), "Other",
        first.basis(), first.retainUntil(), first.created());
    assertThatThrownBy(() -> gallery().createSubject(second))
        .isInstanceOf(DuplicateSubjectException.class)
        .hasMessage("subject with external reference '" + first.externalRef()
            + "' already exists in collection 'enrolled'");
  }

  @Test
  void database_refuses_a_subject_row_without_a_lawful_basis() throws SQLException {
    createCollection("enrolled");
    try (Connection c = db.connect();
        PreparedStatement insert = c.prepareStatement(
            "INSERT INTO subjects (id, collection, external_ref, display_name, basis_kind,"
                + " basis_reference, retain_until, created_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      Object[] values = {UUID.randomUUID().toString(), "enrolled", "r", "n", null, null,
          "2030-01-01", 0L};
      for (int i = 0; i < values.length; i++) {
        insert.setObject(i + 1, values[i], i == 7 ? java.sql.Types.BIGINT : java.sql.Types.VARCHAR);
      }
      assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class);
      insert.setString(5, "CONSENT");
      insert.setString(6, "");
      assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class);
    }
  }

  @Test
  void ingests_an_image_with_its_subject_and_faces() {
    createCollection("enrolled");
    Media media = fixtures.media("enrolled");
    Subject subject = fixtures.subject("enrolled");
    FaceDraft known = fixtures.face(subject.id());
    FaceDraft unknown = fixtures.face(null);

    IngestReceipt receipt = gallery().ingest(
        new IngestBatch(media, List.of(subject), List.of(known, unknown)));

    assertThat(receipt.media()).isEqualTo(media);
    assertThat(receipt.subjects()).containsExactly(subject);
    assertThat(receipt.faces()).hasSize(2);
    Face first = receipt.faces().get(0);
    assertThat(first.subjectId()).isEqualTo(subject.id());
    assertThat(first.template()).containsExactly(known.template());
    assertThat(receipt.faces().get(1).subjectId()).isNull();
    assertThat(gallery().findMedia("enrolled", media.sha256())).contains(media);
    assertThat(gallery().findSubject(subject.id())).contains(subject);
    assertThat(gallery().findFace(first.id())).contains(first);
    assertThat(gallery().facesOfSubject(subject.id())).containsExactly(first);
    assertThat(gallery().facesInMedia("enrolled", media.sha256()))
        .containsExactlyElementsOf(receipt.faces());
    assertThat(gallery().cropsInMedia("enrolled", media.sha256()))
        .containsExactlyElementsOf(receipt.faces().stream()
            .map(f -> new StoredCrop(f.id(), f.box(), f.cropPath(), f.cropSha256())).toList());
    assertThat(gallery().cropsInMedia("other", media.sha256())).isEmpty();
    assertThat(gallery().faceCount()).isEqualTo(2);
    assertThat(gallery().findFace(9_999)).isEmpty();
  }

  @Test
  void lists_subjects_with_face_counts_per_collection() {
    createCollection("enrolled");
    createCollection("other");
    Subject two = fixtures.subject("enrolled");
    Subject none = gallery().createSubject(fixtures.subject("enrolled"));
    Subject elsewhere = fixtures.subject("other");
    gallery().ingest(new IngestBatch(fixtures.media("enrolled"), List.of(two),
        List.of(fixtures.face(two.id()), fixtures.face(two.id()), fixtures.face(null))));
    gallery().ingest(new IngestBatch(fixtures.media("other"), List.of(elsewhere),
        List.of(fixtures.face(elsewhere.id()))));

    List<SubjectFaceCount> enrolled = gallery().listSubjects(Optional.of("enrolled"));
    assertThat(enrolled).extracting(count -> count.subject().externalRef())
        .containsExactly(java.util.stream.Stream.of(two, none).map(Subject::externalRef)
            .sorted().toArray(String[]::new));
    assertThat(enrolled).contains(new SubjectFaceCount(two, 2), new SubjectFaceCount(none, 0));
    assertThat(gallery().listSubjects(Optional.empty())).hasSize(3)
        .contains(new SubjectFaceCount(elsewhere, 1));
    assertThat(gallery().listSubjects(Optional.of("nobody-here"))).isEmpty();
  }

  @Test
  void lists_the_faces_of_several_subjects_in_one_call() {
    createCollection("enrolled");
    createCollection("other");
    Subject two = fixtures.subject("enrolled");
    Subject one = fixtures.subject("enrolled");
    Subject elsewhere = fixtures.subject("other");
    Subject none = gallery().createSubject(fixtures.subject("enrolled"));
    IngestReceipt enrolled = gallery().ingest(new IngestBatch(fixtures.media("enrolled"),
        List.of(two, one), List.of(fixtures.face(two.id()), fixtures.face(null),
            fixtures.face(one.id()), fixtures.face(two.id()))));
    IngestReceipt other = gallery().ingest(new IngestBatch(fixtures.media("other"),
        List.of(elsewhere), List.of(fixtures.face(elsewhere.id()))));

    Map<UUID, List<Face>> faces = gallery().facesOfSubjects(
        List.of(two.id(), elsewhere.id(), none.id(), new UUID(7, 7), two.id()));

    assertThat(faces).containsOnlyKeys(two.id(), elsewhere.id());
    assertThat(faces.get(two.id())).containsExactly(enrolled.faces().get(0), enrolled.faces().get(3));
    assertThat(faces.get(elsewhere.id())).containsExactlyElementsOf(other.faces());
    assertThat(gallery().facesOfSubjects(List.of())).isEmpty();
    // more subjects than one statement binds
    List<UUID> many = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      many.add(i == 1_100 ? one.id() : new UUID(3, i));
    }
    assertThat(gallery().facesOfSubjects(many)).containsOnlyKeys(one.id());
  }

  @Test
  void records_an_image_with_no_face() {
    createCollection("archive");
    Media media = fixtures.media("archive");
    IngestReceipt receipt = gallery().ingest(IngestBatch.of(media, List.of()));
    assertThat(receipt.faces()).isEmpty();
    assertThat(receipt.lastSequence()).isZero();
    assertThat(gallery().findMedia("archive", media.sha256())).contains(media);
  }

  @Test
  void detects_duplicate_media_in_the_same_collection_only() {
    createCollection("archive");
    createCollection("other");
    Media media = fixtures.media("archive");
    gallery().ingest(IngestBatch.of(media, List.of(fixtures.face(null))));

    assertThat(gallery().findMedia("archive", media.sha256())).contains(media);
    assertThatThrownBy(() -> gallery().ingest(IngestBatch.of(media, List.of())))
        .isInstanceOf(DuplicateMediaException.class)
        .hasMessage("media " + media.sha256() + " already exists in collection 'archive'");

    Media elsewhere = new Media(media.sha256(), "other", media.source(), media.ingestedBy(),
        media.ingestedAt(), media.byteSize(), media.width(), media.height(),
        media.retainUntil());
    gallery().ingest(IngestBatch.of(elsewhere, List.of(fixtures.face(null))));
    assertThat(gallery().findMedia("other", media.sha256())).contains(elsewhere);
  }

  @Test
  void ingest_is_one_transaction_and_leaves_nothing_when_it_fails() {
    createCollection("archive");
    Media media = fixtures.media("archive");
    UUID stranger = UUID.randomUUID();
    IngestBatch batch = IngestBatch.of(media, List.of(fixtures.face(null),
        fixtures.face(stranger)));

    assertThatThrownBy(() -> gallery().ingest(batch))
        .isInstanceOf(SubjectNotFoundException.class)
        .hasMessage("subject " + stranger + " does not exist");

    assertThat(gallery().findMedia("archive", media.sha256())).isEmpty();
    assertThat(gallery().faceCount()).isZero();
    assertThat(gallery().maxSequence()).isZero();
    assertThat(gallery().changesSince(0, 10)).isEmpty();
  }

  @Test
  void rejects_a_face_of_a_subject_from_another_collection() {
    createCollection("a-coll");
    createCollection("b-coll");
    Subject subject = gallery().createSubject(fixtures.subject("b-coll"));
    IngestBatch batch =
        IngestBatch.of(fixtures.media("a-coll"), List.of(fixtures.face(subject.id())));
    assertThatThrownBy(() -> gallery().ingest(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject " + subject.id() + " belongs to collection 'b-coll', the media to"
            + " 'a-coll'");
  }

  @Test
  void rejects_ingest_into_an_unknown_collection() {
    assertThatThrownBy(() -> gallery().ingest(IngestBatch.of(fixtures.media("nowhere"),
            List.of())))
        .isInstanceOf(CollectionNotFoundException.class)
        .hasMessage("collection 'nowhere' does not exist");
  }

  @Test
  void sequence_numbers_increase_strictly_across_ingests() {
    createCollection("archive");
    long previous = 0;
    for (int image = 0; image < 5; image++) {
      IngestReceipt receipt = gallery().ingest(IngestBatch.of(fixtures.media("archive"),
          List.of(fixtures.face(null), fixtures.face(null), fixtures.face(null))));
      for (Face face : receipt.faces()) {
        assertThat(face.sequence()).isEqualTo(previous + 1);
        previous = face.sequence();
      }
      assertThat(gallery().maxSequence()).isEqualTo(receipt.lastSequence());
    }
    assertThat(gallery().maxSequence()).isEqualTo(15);
  }

  @Test
  void changes_since_replays_additions_and_tombstones_in_sequence_order() {
    createCollection("enrolled");
    Subject gone = fixtures.subject("enrolled");
    IngestReceipt first = gallery().ingest(new IngestBatch(fixtures.media("enrolled"),
        List.of(gone), List.of(fixtures.face(gone.id()))));
    IngestReceipt second = gallery().ingest(IngestBatch.of(fixtures.media("enrolled"),
        List.of(fixtures.face(null), fixtures.face(null))));
    long erasedFace = first.faces().getFirst().id();
    gallery().eraseSubject(gone.id());

    List<FaceChange> all = gallery().changesSince(0, 100);
    // The erased face's addition left the log with it; its tombstone remains.
    assertThat(all).containsExactly(
        new FaceChange.Added(2, second.faces().get(0)),
        new FaceChange.Added(3, second.faces().get(1)),
        new FaceChange.Deleted(4, erasedFace, "enrolled"));
    assertThat(gallery().maxSequence()).isEqualTo(4);

    assertThat(gallery().changesSince(2, 100)).extracting(FaceChange::sequence)
        .containsExactly(3L, 4L);
    assertThat(gallery().changesSince(2, 1)).extracting(FaceChange::sequence)
        .containsExactly(3L);
    assertThat(gallery().changesSince(4, 100)).isEmpty();
  }

  @Test
  void concurrent_ingests_get_unique_sequence_numbers_in_commit_order() throws Exception {
    createCollection("archive");
    int threads = 4;
    int imagesPerThread = 8;
    List<Media> media = new ArrayList<>();
    List<List<FaceDraft>> faces = new ArrayList<>();
    for (int i = 0; i < threads * imagesPerThread; i++) {
      media.add(fixtures.media("archive"));
      faces.add(List.of(fixtures.face(null), fixtures.face(null)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int from = t * imagesPerThread;
        done.add(pool.submit(() -> {
          for (int i = from; i < from + imagesPerThread; i++) {
            gallery().ingest(IngestBatch.of(media.get(i), faces.get(i)));
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    int total = threads * imagesPerThread * 2;
    List<FaceChange> changes = gallery().changesSince(0, 1_000);
    assertThat(changes).extracting(FaceChange::sequence)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed()
            .toList());
    assertThat(changes).extracting(FaceChange::faceId).doesNotHaveDuplicates();
    assertThat(gallery().maxSequence()).isEqualTo(total);
  }

  @Test
  void templates_are_stored_encrypted() throws SQLException {
    createCollection("archive");
    FaceDraft draft = fixtures.face(null);
    Face face = gallery().ingest(IngestBatch.of(fixtures.media("archive"), List.of(draft)))
        .faces().getFirst();
    byte[] stored = templateBytes(face.id());
    byte[] plain = TemplateCodec.encode(draft.template());
    assertThat(stored).hasSize(plain.length + Aead.OVERHEAD);
    assertThat(java.util.Arrays.equals(stored, Aead.OVERHEAD, stored.length, plain, 0,
        plain.length)).isFalse();
    assertThat(gallery().findFace(face.id()).orElseThrow().template())
        .containsExactly(draft.template());
  }

  @Test
  void a_sealed_template_moved_to_another_face_fails_to_decrypt() throws SQLException {
    createCollection("archive");
    List<Face> faces = gallery().ingest(IngestBatch.of(fixtures.media("archive"),
        List.of(fixtures.face(null), fixtures.face(null)))).faces();
    long a = faces.get(0).id();
    long b = faces.get(1).id();
    try (Connection c = db.connect();
        PreparedStatement update = c.prepareStatement("UPDATE faces SET template = ? WHERE id = ?")) {
      update.setBytes(1, templateBytes(a));
      update.setLong(2, b);
      update.executeUpdate();
    }
    assertThatThrownBy(() -> gallery().findFace(b))
        .isInstanceOf(DecryptionFailedException.class)
        .hasMessage("cannot decrypt template of face " + b
            + ": authentication failed (altered, or wrong key)");
  }

  @Test
  void lists_subjects_and_media_whose_retention_ran_out() {
    createCollection("archive");
    Subject expired = fixtures.subject("archive");
    expired = new Subject(expired.id(), "archive", expired.externalRef(), expired.displayName(),
        expired.basis(), Fixtures.TODAY.minusDays(1), expired.created());
    gallery().createSubject(expired);
    gallery().createSubject(fixtures.subject("archive"));
    Media old = fixtures.media("archive");
    old = new Media(old.sha256(), "archive", old.source(), old.ingestedBy(), old.ingestedAt(),
        old.byteSize(), old.width(), old.height(), Fixtures.TODAY.minusYears(1));
    gallery().ingest(IngestBatch.of(old, List.of()));
    gallery().ingest(IngestBatch.of(fixtures.media("archive"), List.of()));

    assertThat(gallery().subjectsDueForErasure(Fixtures.TODAY, 10)).containsExactly(expired);
    assertThat(gallery().mediaDueForErasure(Fixtures.TODAY, 10)).containsExactly(old);
    assertThat(gallery().subjectsDueForErasure(Fixtures.TODAY.minusDays(1), 10)).isEmpty();
  }

  @Test
  void seals_and_opens_a_crop_bound_to_its_face() {
    createCollection("archive");
    List<Face> faces = gallery().ingest(IngestBatch.of(fixtures.media("archive"),
        List.of(fixtures.face(null), fixtures.face(null)))).faces();
    byte[] crop = "jpeg bytes".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = gallery().sealCrop(faces.get(0), crop);
    assertThat(gallery().openCrop(faces.get(0), sealed)).isEqualTo(crop);
    assertThatThrownBy(() -> gallery().openCrop(faces.get(1), sealed))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void seals_crops_of_several_owners_together_each_bound_to_its_face() {
    createCollection("enrolled");
    Subject subject = fixtures.subject("enrolled");
    // a new subject's key and a new image's key, both created by this ingest
    List<Face> faces = gallery().ingest(new IngestBatch(fixtures.media("enrolled"),
        List.of(subject), List.of(fixtures.face(subject.id()), fixtures.face(null),
            fixtures.face(subject.id())))).faces();
    List<byte[]> crops = List.of("one".getBytes(StandardCharsets.UTF_8),
        "two".getBytes(StandardCharsets.UTF_8), "three".getBytes(StandardCharsets.UTF_8));

    List<byte[]> sealed = gallery().sealCrops(faces, crops);

    assertThat(sealed).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(gallery().openCrop(faces.get(i), sealed.get(i))).isEqualTo(crops.get(i));
      // the template sealed under the key the ingest created opens with the stored key
      assertThat(gallery().findFace(faces.get(i).id()).orElseThrow().template())
          .containsExactly(faces.get(i).template());
    }
    int other = 1;
    assertThatThrownBy(() -> gallery().openCrop(faces.get(0), sealed.get(other)))
        .isInstanceOf(DecryptionFailedException.class);
    assertThatThrownBy(() -> gallery().sealCrops(faces, crops.subList(0, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("3 faces but 2 crops to seal");
    assertThat(gallery().sealCrops(List.of(), List.of())).isEmpty();
  }

  @Test
  void nested_transactions_are_refused() {
    assertThatThrownBy(() -> store.inTransaction(tx -> store.inTransaction(inner -> 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a transaction of this store is already open on this thread;"
            + " pass its Transaction instead of starting another");
  }

  @Test
  void a_transaction_cannot_be_used_after_it_ends() {
    candor.core.store.Transaction[] kept = new candor.core.store.Transaction[1];
    store.inTransaction(tx -> kept[0] = tx);
    assertThatThrownBy(() -> gallery().createCollection(kept[0], Fixtures.collection("late")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the transaction is no longer open");
  }

  private byte[] templateBytes(long faceId) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement select = c.prepareStatement("SELECT template FROM faces WHERE id = ?")) {
      select.setLong(1, faceId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getBytes(1);
      }
    }
  }
}
