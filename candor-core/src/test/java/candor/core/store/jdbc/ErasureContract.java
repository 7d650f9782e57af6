package candor.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.audit.AuditEvent;
import candor.core.crypto.KeyDestroyedException;
import candor.core.crypto.KeyOwner;
import candor.core.crypto.MasterKeyException;
import candor.core.model.Face;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.store.ErasureReceipt;
import candor.core.store.FaceChange;
import candor.core.store.IngestBatch;
import candor.core.store.MediaNotFoundException;
import candor.core.store.SubjectNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of erasure and crypto-shredding, run on every database: receipts, rows gone, data
 * keys destroyed, master key rotation.
 */
abstract class ErasureContract extends StoreTestCase {

  Subject alice;
  Media enrolment;
  Media group;
  Face aliceAlone;
  Face aliceInGroup;
  Face stranger;

  /** Alice alone in one photo, and in a group photo beside an unidentified stranger. */
  @BeforeEach
  void enrolAlice() {
    createCollection("gallery");
    alice = fixtures.subject("gallery");
    enrolment = fixtures.media("gallery");
    group = fixtures.media("gallery");
    aliceAlone = gallery().ingest(new IngestBatch(enrolment, List.of(alice),
        List.of(fixtures.face(alice.id())))).faces().getFirst();
    List<Face> groupFaces = gallery().ingest(IngestBatch.of(group,
        List.of(fixtures.face(alice.id()), fixtures.face(null)))).faces();
    aliceInGroup = groupFaces.get(0);
    stranger = groupFaces.get(1);
  }

  @Test
  void erasing_a_subject_returns_a_receipt_of_what_went() {
    ErasureReceipt receipt = gallery().eraseSubject(alice.id());

    assertThat(receipt.at()).isEqualTo(Fixtures.NOW);
    assertThat(receipt.faceIds()).containsExactly(aliceAlone.id(), aliceInGroup.id());
    assertThat(receipt.tombstoneSequences()).containsExactly(4L, 5L);
    assertThat(receipt.subjects()).containsExactly(alice.id());
    // The enrolment photo held only Alice; the group photo keeps the stranger.
    assertThat(receipt.media()).containsExactly(enrolment);
    assertThat(receipt.facesErased()).isEqualTo(2);
    assertThat(receipt.mediaErased()).isEqualTo(1);
    assertThat(receipt.subjectsErased()).isEqualTo(1);
  }

  @Test
  void erasing_a_subject_deletes_their_rows_and_keeps_others() throws SQLException {
    gallery().eraseSubject(alice.id());

    assertThat(gallery().findSubject(alice.id())).isEmpty();
    assertThat(gallery().findFace(aliceAlone.id())).isEmpty();
    assertThat(gallery().findFace(aliceInGroup.id())).isEmpty();
    assertThat(gallery().findMedia("gallery", enrolment.sha256())).isEmpty();
    assertThat(gallery().findMedia("gallery", group.sha256())).contains(group);
    assertThat(gallery().findFace(stranger.id())).contains(stranger);
    String id = alice.id().toString();
    assertThat(count("SELECT COUNT(*) FROM faces WHERE subject_id = ?", id)).isZero();
    assertThat(count("SELECT COUNT(*) FROM subjects WHERE id = ?", id)).isZero();
    assertThat(count("SELECT COUNT(*) FROM data_keys WHERE owner = ?", "subject:" + id)).isZero();
    assertThat(count("SELECT COUNT(*) FROM data_keys WHERE owner = ?",
        "media:gallery/" + group.sha256())).isEqualTo(1);
    assertThat(count("SELECT COUNT(*) FROM face_changes WHERE kind = 'ADD' AND face_id = ?",
        aliceAlone.id())).isZero();
  }

  @Test
  void erasing_a_subject_writes_tombstones_for_the_index() {
    gallery().eraseSubject(alice.id());
    assertThat(gallery().changesSince(3, 10)).containsExactly(
        new FaceChange.Deleted(4, aliceAlone.id(), "gallery"),
        new FaceChange.Deleted(5, aliceInGroup.id(), "gallery"));
    assertThat(gallery().maxSequence()).isEqualTo(5);
  }

  @Test
  void erasure_destroys_the_data_key_so_leftover_ciphertext_cannot_be_decrypted()
      throws SQLException {
    byte[] leftoverTemplate = template(aliceAlone.id());
    byte[] crop = "crop".getBytes(StandardCharsets.UTF_8);
    byte[] leftoverCrop = gallery().sealCrop(aliceAlone, crop);
    KeyOwner owner = KeyOwner.subject(alice.id());
    // Before erasure the copy opens.
    store.read("test", c -> store.vault().aead().open(store.vault().dataKey(c, owner),
        leftoverTemplate, JdbcGalleryStore.templateAad(aliceAlone.id()), "copy"));

    gallery().eraseSubject(alice.id());

    assertThatThrownBy(() -> store.read("test", c -> store.vault().dataKey(c, owner)))
        .isInstanceOf(KeyDestroyedException.class)
        .hasMessage("the data key of subject:" + alice.id() + " has been destroyed");
    assertThatThrownBy(() -> gallery().openCrop(aliceAlone, leftoverCrop))
        .isInstanceOf(KeyDestroyedException.class);
    assertThatThrownBy(() -> gallery().sealCrop(aliceAlone, crop))
        .isInstanceOf(KeyDestroyedException.class);
  }

  @Test
  void erasing_an_image_deletes_all_its_faces_and_its_key_but_keeps_subjects()
      throws SQLException {
    ErasureReceipt receipt = gallery().eraseMedia("gallery", group.sha256());

    assertThat(receipt.faceIds()).containsExactly(aliceInGroup.id(), stranger.id());
    assertThat(receipt.media()).containsExactly(group);
    assertThat(receipt.subjects()).isEmpty();
    assertThat(gallery().findMedia("gallery", group.sha256())).isEmpty();
    assertThat(gallery().findSubject(alice.id())).contains(alice);
    assertThat(gallery().facesOfSubject(alice.id())).containsExactly(aliceAlone);
    assertThat(count("SELECT COUNT(*) FROM data_keys WHERE owner = ?",
        "media:gallery/" + group.sha256())).isZero();
    assertThatThrownBy(() -> gallery().sealCrop(stranger, new byte[1]))
        .isInstanceOf(KeyDestroyedException.class);
  }

  @Test
  void erasing_an_unknown_subject_or_image_fails() {
    UUID nobody = UUID.randomUUID();
    assertThatThrownBy(() -> gallery().eraseSubject(nobody))
        .isInstanceOf(SubjectNotFoundException.class)
        .hasMessage("subject " + nobody + " does not exist");
    String sha = "0".repeat(64);
    assertThatThrownBy(() -> gallery().eraseMedia("gallery", sha))
        .isInstanceOf(MediaNotFoundException.class)
        .hasMessage("media " + sha + " does not exist in collection 'gallery'");
  }

  @Test
  void erasure_and_its_audit_entry_commit_together() {
    ErasureReceipt receipt = store.inTransaction(tx -> {
      ErasureReceipt r = gallery().eraseSubject(tx, alice.id());
      store.audit().append(tx, new AuditEvent("dpo", "subject.erase", "subject:" + alice.id(),
          java.util.Map.of("faces", r.facesErased(), "tombstones", r.tombstoneSequences())));
      return r;
    });
    assertThat(receipt.facesErased()).isEqualTo(2);
    assertThat(store.audit().entries(0, 10)).singleElement()
        .satisfies(e -> assertThat(e.detailsJson()).isEqualTo("{\"faces\":2,\"tombstones\":[4,5]}"));
  }

  @Test
  void erasure_and_its_audit_entry_roll_back_together() {
    assertThatThrownBy(() -> store.inTransaction(tx -> {
      gallery().eraseSubject(tx, alice.id());
      store.audit().append(tx, AuditEvent.of("dpo", "subject.erase", "subject:" + alice.id()));
      throw new IllegalStateException("policy check failed");
    })).hasMessage("policy check failed");

    assertThat(gallery().findSubject(alice.id())).contains(alice);
    assertThat(gallery().facesOfSubject(alice.id())).hasSize(2);
    assertThat(gallery().maxSequence()).isEqualTo(3);
    assertThat(store.audit().headSequence()).isZero();
  }

  @Test
  void after_commit_actions_run_only_when_the_transaction_commits() {
    List<String> ran = new java.util.ArrayList<>();
    store.inTransaction(tx -> {
      tx.afterCommit(() -> ran.add("committed"));
      return null;
    });
    assertThatThrownBy(() -> store.inTransaction(tx -> {
      tx.afterCommit(() -> ran.add("rolled back"));
      throw new IllegalStateException("no");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(ran).containsExactly("committed");
  }

  @Test
  void rotating_the_master_key_rewraps_data_keys_and_retires_the_old_key() throws Exception {
    WrappedRow before = wrapped("subject:" + alice.id());
    assertThat(before.masterKeyId()).isEqualTo(1);

    int rewrapped = store.rotateMasterKey();

    assertThat(rewrapped).isEqualTo(2); // Alice's key and the group photo's key
    WrappedRow after = wrapped("subject:" + alice.id());
    assertThat(after.masterKeyId()).isEqualTo(2);
    assertThat(gallery().findFace(aliceAlone.id())).contains(aliceAlone);
    assertThat(Files.readString(db.config().masterKeyFile())).doesNotContain("\n1 ");
    // A copy of the old wrapped key (as in a backup or a dead tuple) can no longer be unwrapped.
    KeyOwner owner = KeyOwner.subject(alice.id());
    assertThatThrownBy(() -> store.vault().unwrap(owner, before.masterKeyId(), before.bytes()))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageStartingWith("master key 1 is not in ");
    // A reopened store works with the rotated file.
    store.close();
    store = JdbcStore.open(db.config());
    assertThat(gallery().findFace(stranger.id())).contains(stranger);
  }

  @Test
  void opening_with_another_installations_master_key_file_fails_clearly() {
    store.close();
    store = null;
    java.nio.file.Path other = dir.resolve("other-keys").resolve("master.key");
    candor.core.crypto.MasterKeyRing.openOrCreate(other,
        new candor.core.crypto.Aead(new java.security.SecureRandom()));
    assertThatThrownBy(() -> JdbcStore.open(db.config().withMasterKeyFile(other)))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage("master key 1 in " + other.toAbsolutePath()
            + " does not decrypt the database's data keys: wrong master key file?");
  }

  @Test
  void opening_without_the_master_key_file_fails_instead_of_creating_a_new_one() {
    store.close();
    store = null;
    java.nio.file.Path missing = dir.resolve("lost").resolve("master.key");
    assertThatThrownBy(() -> JdbcStore.open(db.config().withMasterKeyFile(missing)))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage("master key file " + missing.toAbsolutePath() + " does not exist, but the"
            + " database holds data keys wrapped by master key [1]: restore the key file (a new"
            + " one cannot decrypt them)");
    assertThat(missing).doesNotExist();
  }

  record WrappedRow(long masterKeyId, byte[] bytes) {}

  private WrappedRow wrapped(String owner) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement("SELECT master_key_id, wrapped FROM data_keys WHERE owner = ?")) {
      s.setString(1, owner);
      try (ResultSet row = s.executeQuery()) {
        assertThat(row.next()).isTrue();
        return new WrappedRow(row.getLong(1), row.getBytes(2));
      }
    }
  }

  private byte[] template(long faceId) throws SQLException {
    try (Connection c = db.connect();
        PreparedStatement s = c.prepareStatement("SELECT template FROM faces WHERE id = ?")) {
      s.setLong(1, faceId);
      try (ResultSet row = s.executeQuery()) {
        row.next();
        return row.getBytes(1);
      }
    }
  }

  long count(String sql, Object arg) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, arg);
      try (ResultSet row = s.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
