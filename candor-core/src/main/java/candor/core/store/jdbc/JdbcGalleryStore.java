package candor.core.store.jdbc;

import candor.core.crypto.Aead;
import candor.core.crypto.KeyOwner;
import candor.core.crypto.TemplateCodec;
import candor.core.model.BoundingBox;
import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.FaceDraft;
import candor.core.model.LawfulBasis;
import candor.core.model.Media;
import candor.core.model.Quality;
import candor.core.model.Subject;
import candor.core.model.SubjectFaceCount;
import candor.core.store.CollectionNotFoundException;
import candor.core.store.DuplicateCollectionException;
import candor.core.store.DuplicateMediaException;
import candor.core.store.DuplicateSubjectException;
import candor.core.store.ErasureReceipt;
import candor.core.store.ErasureReceipt.ErasedFace;
import candor.core.store.FaceChange;
import candor.core.store.GalleryStore;
import candor.core.store.IngestBatch;
import candor.core.store.IngestReceipt;
import candor.core.store.MediaNotFoundException;
import candor.core.store.ModelMismatchException;
import candor.core.store.StoredCrop;
import candor.core.store.SubjectNotFoundException;
import candor.core.store.Transaction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gallery on JDBC. Every statement binds its parameters; templates are sealed under their
 * owner's data key before they are written and opened after they are read.
 *
 * <p>Privacy: see {@link GalleryStore}. Thread-safe (no mutable state).
 */
final class JdbcGalleryStore implements GalleryStore {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcGalleryStore.class);

  /** The largest page of {@link #changesSince}. */
  static final int MAX_CHANGES = 100_000;

  private static final String COLLECTION_COLUMNS =
      "name, purpose, basis_kind, basis_reference, retention, keep_originals, created_micros";
  private static final String SUBJECT_COLUMNS =
      "id, collection, external_ref, display_name, basis_kind, basis_reference, retain_until,"
          + " created_micros";
  private static final String MEDIA_COLUMNS =
      "collection, sha256, source, ingested_by, ingested_micros, byte_size, width, height,"
          + " retain_until";
  static final String FACE_COLUMNS =
      "f.id, f.seq, f.collection, f.media_sha256, f.subject_id, f.key_owner, f.box_x, f.box_y,"
          + " f.box_w, f.box_h, f.landmarks, f.quality_score, f.quality_reasons, f.model_id,"
          + " f.template, f.crop_path, f.crop_sha256, k.master_key_id, k.wrapped";
  static final String FACES_WITH_KEYS =
      "SELECT " + FACE_COLUMNS + " FROM faces f JOIN data_keys k ON k.owner = f.key_owner";

  private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

  /** Subjects per statement of {@link #facesOfSubjects}; well under SQLite's parameter cap. */
  private static final int SUBJECTS_PER_QUERY = 500;

  private final JdbcStore store;
  private final KeyVault vault;
  private final Aead aead;
  private final ObjectMapper json = new ObjectMapper();

  JdbcGalleryStore(JdbcStore store, KeyVault vault) {
    this.store = store;
    this.vault = vault;
    this.aead = vault.aead();
  }

  // ---- collections --------------------------------------------------------------------------

  @Override
  public CollectionInfo createCollection(Transaction tx, CollectionInfo collection) {
    Objects.requireNonNull(collection, "collection");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      if (Sql.exists(c, "SELECT 1 FROM collections WHERE name = ?", collection.name())) {
        throw new DuplicateCollectionException(collection.name());
      }
      Sql.update(c,
          "INSERT INTO collections (" + COLLECTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
          collection.name(), collection.purpose(), collection.defaultBasis().kind().name(),
          collection.defaultBasis().reference(), collection.retention().toString(),
          collection.keepOriginals(), Sql.micros(collection.created()));
      return collection;
    } catch (SQLException e) {
      if (store.vendor().isUniqueViolation(e)) {
        throw new DuplicateCollectionException(collection.name());
      }
      throw new StatementFailedException("create collection", e);
    }
  }

  @Override
  public CollectionInfo createCollection(CollectionInfo collection) {
    return store.inTransaction(tx -> createCollection(tx, collection));
  }

  @Override
  public Optional<CollectionInfo> findCollection(String name) {
    Objects.requireNonNull(name, "name");
    return store.read("find collection", c -> Sql.one(c,
        "SELECT " + COLLECTION_COLUMNS + " FROM collections WHERE name = ?",
        JdbcGalleryStore::collection, name));
  }

  @Override
  public List<CollectionInfo> listCollections() {
    return store.read("list collections", c -> Sql.list(c,
        "SELECT " + COLLECTION_COLUMNS + " FROM collections ORDER BY name",
        JdbcGalleryStore::collection));
  }

  // ---- subjects -----------------------------------------------------------------------------

  @Override
  public Subject createSubject(Transaction tx, Subject subject) {
    Objects.requireNonNull(subject, "subject");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      requireCollection(c, subject.collection());
      insertSubject(c, subject);
      return subject;
    } catch (SQLException e) {
      throw new StatementFailedException("create subject", e);
    }
  }

  @Override
  public Subject createSubject(Subject subject) {
    return store.inTransaction(tx -> createSubject(tx, subject));
  }

  @Override
  public Optional<Subject> findSubject(UUID id) {
    Objects.requireNonNull(id, "id");
    return store.read("find subject", c -> selectSubject(c, id));
  }

  @Override
  public Optional<Subject> findSubjectByExternalRef(String collection, String externalRef) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(externalRef, "externalRef");
    return store.read("find subject", c -> Sql.one(c,
        "SELECT " + SUBJECT_COLUMNS + " FROM subjects WHERE collection = ? AND external_ref = ?",
        JdbcGalleryStore::subject, collection, externalRef));
  }

  @Override
  public List<SubjectFaceCount> listSubjects(Optional<String> collection) {
    Objects.requireNonNull(collection, "collection");
    String counted = "SELECT " + SUBJECT_COLUMNS
        // a face a pack migration re-templated counts once, whichever model's rows exist
        + ", (SELECT COUNT(*) FROM faces f WHERE f.subject_id = subjects.id AND NOT EXISTS"
        + " (SELECT 1 FROM faces n WHERE n.replaces = f.id)) AS face_count"
        + " FROM subjects";
    String order = " ORDER BY collection, external_ref, id";
    return store.read("list subjects", c -> collection.isPresent()
        ? Sql.list(c, counted + " WHERE collection = ?" + order, JdbcGalleryStore::subjectCount,
            collection.get())
        : Sql.list(c, counted + order, JdbcGalleryStore::subjectCount));
  }

  @Override
  public List<Subject> subjectsDueForErasure(LocalDate today, int limit) {
    Objects.requireNonNull(today, "today");
    checkLimit(limit, Integer.MAX_VALUE);
    return store.read("list subjects due for erasure", c -> Sql.list(c,
        "SELECT " + SUBJECT_COLUMNS + " FROM subjects WHERE retain_until < ?"
            + " ORDER BY retain_until, id LIMIT ?",
        JdbcGalleryStore::subject, today.toString(), limit));
  }

  // ---- media and ingest ---------------------------------------------------------------------

  @Override
  public IngestReceipt ingest(Transaction tx, IngestBatch batch) {
    Objects.requireNonNull(batch, "batch");
    Connection c = JdbcTransaction.connection(tx, store);
    Media media = batch.media();
    // The keys this image creates stay here for its faces' templates: not read back, unwrapped.
    try (KeyVault.KeyCache keys = vault.cache(c)) {
      requireCollection(c, media.collection());
      if (selectMedia(c, media.collection(), media.sha256()).isPresent()) {
        throw new DuplicateMediaException(media.collection(), media.sha256());
      }
      insertMedia(c, media);
      for (Subject subject : batch.newSubjects()) {
        insertSubject(c, subject, keys);
      }
      checkFaceSubjects(c, media, batch.faces());
      checkCurrentModel(c, batch.faces());
      boolean unidentified = batch.faces().stream().anyMatch(f -> f.subjectId() == null);
      if (unidentified) {
        vault.create(c, KeyOwner.media(media.collection(), media.sha256()), store.now(), keys);
      }
      List<Face> faces =
          insertFaces(c, media.collection(), media.sha256(), batch.faces(), null, keys);
      return new IngestReceipt(media, batch.newSubjects(), faces);
    } catch (SQLException e) {
      throw new StatementFailedException("ingest media " + media.sha256(), e);
    }
  }

  @Override
  public IngestReceipt ingest(IngestBatch batch) {
    return store.inTransaction(tx -> ingest(tx, batch));
  }

  @Override
  public Optional<Media> findMedia(String collection, String sha256) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(sha256, "sha256");
    return store.read("find media", c -> selectMedia(c, collection, sha256));
  }

  @Override
  public List<Media> mediaDueForErasure(LocalDate today, int limit) {
    Objects.requireNonNull(today, "today");
    checkLimit(limit, Integer.MAX_VALUE);
    return store.read("list media due for erasure", c -> Sql.list(c,
        "SELECT " + MEDIA_COLUMNS + " FROM media WHERE retain_until < ?"
            + " ORDER BY retain_until, collection, sha256 LIMIT ?",
        JdbcGalleryStore::media, today.toString(), limit));
  }

  // ---- faces and the change log -------------------------------------------------------------

  @Override
  public Map<Long, Optional<UUID>> subjectsOfFaces(Collection<Long> faceIds) {
    Objects.requireNonNull(faceIds, "faceIds");
    if (faceIds.size() > 1_000) {
      throw new IllegalArgumentException("at most 1,000 face ids, got " + faceIds.size());
    }
    Map<Long, Optional<UUID>> owners = new HashMap<>();
    if (faceIds.isEmpty()) {
      return owners;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(faceIds.size(), "?"));
    List<Map.Entry<Long, Optional<UUID>>> rows = store.read("find subjects of faces",
        c -> Sql.list(c, "SELECT id, subject_id FROM faces WHERE id IN (" + marks + ")",
            row -> {
              String subject = row.getString("subject_id");
              return Map.entry(row.getLong("id"),
                  subject == null ? Optional.<UUID>empty() : Optional.of(UUID.fromString(subject)));
            }, faceIds.toArray()));
    rows.forEach(entry -> owners.put(entry.getKey(), entry.getValue()));
    return owners;
  }

  @Override
  public Optional<Face> findFace(long id) {
    List<Face> faces = selectFaces("find face", FACES_WITH_KEYS + " WHERE f.id = ?", id);
    return faces.stream().findFirst();
  }

  @Override
  public Map<UUID, List<Face>> facesOfSubjects(Collection<UUID> subjectIds) {
    Objects.requireNonNull(subjectIds, "subjectIds");
    List<String> ids = subjectIds.stream().distinct().map(UUID::toString).toList();
    Map<UUID, List<Face>> faces = new LinkedHashMap<>();
    // Bound parameters in chunks: SQLite caps the number of them in one statement.
    for (int from = 0; from < ids.size(); from += SUBJECTS_PER_QUERY) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + SUBJECTS_PER_QUERY));
      String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
      for (Face face : selectFaces("list faces of subjects", FACES_WITH_KEYS
          + " WHERE f.subject_id IN (" + marks + ") ORDER BY f.id", chunk.toArray())) {
        faces.computeIfAbsent(face.subjectId(), id -> new ArrayList<>()).add(face);
      }
    }
    return faces;
  }

  @Override
  public List<Face> facesInMedia(String collection, String sha256) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(sha256, "sha256");
    return selectFaces("list faces in media",
        FACES_WITH_KEYS + " WHERE f.collection = ? AND f.media_sha256 = ? ORDER BY f.id",
        collection, sha256);
  }

  @Override
  public List<StoredCrop> cropsInMedia(String collection, String sha256) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(sha256, "sha256");
    return store.read("list crops in media", c -> Sql.list(c,
        "SELECT id, box_x, box_y, box_w, box_h, crop_path, crop_sha256 FROM faces"
            + " WHERE collection = ? AND media_sha256 = ? ORDER BY id",
        row -> new StoredCrop(row.getLong("id"), new BoundingBox(row.getFloat("box_x"),
            row.getFloat("box_y"), row.getFloat("box_w"), row.getFloat("box_h")),
            row.getString("crop_path"), row.getString("crop_sha256")),
        collection, sha256));
  }

  @Override
  public List<FaceChange> changesSince(long afterSequence, int limit) {
    if (afterSequence < 0) {
      throw new IllegalArgumentException("afterSequence must not be negative, got " + afterSequence);
    }
    checkLimit(limit, MAX_CHANGES);
    String sql =
        "SELECT ch.seq AS change_seq, ch.kind AS change_kind, ch.face_id AS change_face_id,"
            + " ch.collection AS change_collection, " + FACE_COLUMNS
            + " FROM face_changes ch"
            + " LEFT JOIN faces f ON f.id = ch.face_id AND ch.kind = 'ADD'"
            + " LEFT JOIN data_keys k ON k.owner = f.key_owner"
            + " WHERE ch.seq > ? ORDER BY ch.seq LIMIT ?";
    return store.readStreaming("read changes", c -> {
      List<FaceChange> changes = new ArrayList<>();
      try (KeyVault.KeyCache keys = vault.cache(c);
          PreparedStatement statement = c.prepareStatement(sql)) {
        statement.setFetchSize(Math.min(limit, 1_000));
        Sql.bind(statement, afterSequence, limit);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            long seq = row.getLong("change_seq");
            if ("DELETE".equals(row.getString("change_kind"))) {
              changes.add(new FaceChange.Deleted(
                  seq, row.getLong("change_face_id"), row.getString("change_collection")));
            } else if (row.getObject("id") != null) {
              changes.add(new FaceChange.Added(seq, face(row, keys)));
            } else {
              // Erasure deletes a face's ADD row with the face, so this means a hand-edited
              // database; the index can do nothing with an addition it has no template for.
              LOG.warn("Change {} adds face {}, which does not exist; skipped",
                  seq, row.getLong("change_face_id"));
            }
          }
        }
      }
      return changes;
    });
  }

  @Override
  public long maxSequence() {
    return store.read("read max sequence", c -> Sql.one(c,
        "SELECT value FROM counters WHERE name = 'change_seq'", row -> row.getLong(1))
        .orElseThrow());
  }

  @Override
  public long faceCount() {
    return store.read("count faces", c -> Sql.one(c,
        "SELECT COUNT(*) FROM faces", row -> row.getLong(1)).orElseThrow());
  }

  // ---- crops --------------------------------------------------------------------------------

  @Override
  public byte[] sealCrop(Face face, byte[] plaintext) {
    Objects.requireNonNull(face, "face");
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] key = store.read("seal crop", c -> vault.dataKey(c, owner(face)));
    try {
      return aead.seal(key, plaintext, cropAad(face.id()));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public List<byte[]> sealCrops(List<Face> faces, List<byte[]> plaintexts) {
    Objects.requireNonNull(faces, "faces");
    Objects.requireNonNull(plaintexts, "plaintexts");
    if (faces.size() != plaintexts.size()) {
      throw new IllegalArgumentException(
          faces.size() + " faces but " + plaintexts.size() + " crops to seal");
    }
    if (faces.isEmpty()) {
      return List.of();
    }
    // One connection and one unwrap per key owner for the lot, instead of one of each per face.
    return store.read("seal crops", c -> {
      try (KeyVault.KeyCache keys = vault.cache(c)) {
        List<byte[]> sealed = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
          Face face = faces.get(i);
          sealed.add(aead.seal(keys.get(owner(face)),
              Objects.requireNonNull(plaintexts.get(i), "plaintext"), cropAad(face.id())));
        }
        return sealed;
      }
    });
  }

  @Override
  public byte[] openCrop(Face face, byte[] sealed) {
    Objects.requireNonNull(face, "face");
    Objects.requireNonNull(sealed, "sealed");
    byte[] key = store.read("open crop", c -> vault.dataKey(c, owner(face)));
    try {
      return aead.open(key, sealed, cropAad(face.id()), "crop of face " + face.id());
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  // ---- erasure ------------------------------------------------------------------------------

  @Override
  public ErasureReceipt eraseSubject(Transaction tx, UUID subjectId) {
    Objects.requireNonNull(subjectId, "subjectId");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      if (selectSubject(c, subjectId).isEmpty()) {
        throw new SubjectNotFoundException(subjectId);
      }
      List<FaceRef> faces = Sql.list(c,
          "SELECT id, collection, media_sha256, crop_path FROM faces WHERE subject_id = ?"
              + " ORDER BY id",
          FaceRef::of, subjectId.toString());
      deleteFaces(c, faces);
      // An image is the subject's alone if none of its faces remain: it goes too.
      Map<String, Media> touched = new LinkedHashMap<>();
      for (FaceRef face : faces) {
        String key = face.collection() + "/" + face.mediaSha256();
        if (touched.containsKey(key) == false) {
          touched.put(key, selectMedia(c, face.collection(), face.mediaSha256()).orElseThrow());
        }
      }
      List<Media> erasedMedia = new ArrayList<>();
      for (Media media : touched.values()) {
        if (Sql.exists(c, "SELECT 1 FROM faces WHERE collection = ? AND media_sha256 = ?",
            media.collection(), media.sha256()) == false) {
          deleteMedia(c, media);
          erasedMedia.add(media);
        }
      }
      Sql.update(c, "DELETE FROM subjects WHERE id = ?", subjectId.toString());
      vault.destroy(c, KeyOwner.subject(subjectId));
      return finishErasure(tx, c, faces, erasedMedia, List.of(subjectId));
    } catch (SQLException e) {
      throw new StatementFailedException("erase subject " + subjectId, e);
    }
  }

  @Override
  public ErasureReceipt eraseSubject(UUID subjectId) {
    return store.inTransaction(tx -> eraseSubject(tx, subjectId));
  }

  @Override
  public ErasureReceipt eraseMedia(Transaction tx, String collection, String sha256) {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(sha256, "sha256");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      Media media = selectMedia(c, collection, sha256)
          .orElseThrow(() -> new MediaNotFoundException(collection, sha256));
      List<FaceRef> faces = Sql.list(c,
          "SELECT id, collection, media_sha256, crop_path FROM faces"
              + " WHERE collection = ? AND media_sha256 = ? ORDER BY id",
          FaceRef::of, collection, sha256);
      deleteFaces(c, faces);
      deleteMedia(c, media);
      return finishErasure(tx, c, faces, List.of(media), List.of());
    } catch (SQLException e) {
      throw new StatementFailedException("erase media " + sha256, e);
    }
  }

  @Override
  public ErasureReceipt eraseMedia(String collection, String sha256) {
    return store.inTransaction(tx -> eraseMedia(tx, collection, sha256));
  }

  // ---- internals ----------------------------------------------------------------------------

  /** What erasure needs to know of a face: no template. */
  record FaceRef(long id, String collection, String mediaSha256, String cropPath) {
    static FaceRef of(ResultSet row) throws SQLException {
      return new FaceRef(row.getLong(1), row.getString(2), row.getString(3), row.getString(4));
    }
  }

  void deleteFaces(Connection c, List<FaceRef> faces) throws SQLException {
    try (PreparedStatement changes =
            c.prepareStatement("DELETE FROM face_changes WHERE face_id = ? AND kind = 'ADD'");
        PreparedStatement failures =
            c.prepareStatement("DELETE FROM pack_migration_failures WHERE face_id = ?");
        PreparedStatement rows = c.prepareStatement("DELETE FROM faces WHERE id = ?")) {
      for (FaceRef face : faces) {
        changes.setLong(1, face.id());
        changes.addBatch();
        failures.setLong(1, face.id());
        failures.addBatch();
        rows.setLong(1, face.id());
        rows.addBatch();
      }
      if (faces.isEmpty() == false) {
        changes.executeBatch();
        failures.executeBatch();
        rows.executeBatch();
      }
    }
  }

  private void deleteMedia(Connection c, Media media) throws SQLException {
    Sql.update(c, "DELETE FROM media WHERE collection = ? AND sha256 = ?",
        media.collection(), media.sha256());
    vault.destroy(c, KeyOwner.media(media.collection(), media.sha256()));
  }

  /** Writes a tombstone per erased face, as the last step so the sequence lock is held briefly. */
  ErasureReceipt finishErasure(Transaction tx, Connection c, List<FaceRef> faces,
      List<Media> media, List<UUID> subjects) throws SQLException {
    Instant now = store.now();
    List<ErasedFace> erased = new ArrayList<>(faces.size());
    if (faces.isEmpty() == false) {
      long seq = Sql.allocate(c, "change_seq", faces.size());
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO face_changes (seq, face_id, kind, collection, at_micros)"
              + " VALUES (?, ?, 'DELETE', ?, ?)")) {
        for (FaceRef face : faces) {
          Sql.bind(insert, seq, face.id(), face.collection(), Sql.micros(now));
          insert.addBatch();
          erased.add(new ErasedFace(face.id(), seq, face.collection(), face.cropPath()));
          seq++;
        }
        insert.executeBatch();
      }
    }
    tx.afterCommit(() -> store.checkpoint("erasure"));
    return new ErasureReceipt(now, erased, media, subjects);
  }

  /**
   * Inserts faces of one image with an {@code ADD} change each.
   *
   * @param replaces for each draft, the face a pack migration re-templated it from, or null (the
   *     whole list may be null)
   */
  List<Face> insertFaces(Connection c, String collection, String mediaSha256, List<FaceDraft> drafts,
      List<Long> replaces) throws SQLException {
    try (KeyVault.KeyCache keys = vault.cache(c)) {
      return insertFaces(c, collection, mediaSha256, drafts, replaces, keys);
    }
  }

  /** As above, with the data keys of the faces' owners from (or created into) {@code keys}. */
  private List<Face> insertFaces(Connection c, String collection, String mediaSha256,
      List<FaceDraft> drafts, List<Long> replaces, KeyVault.KeyCache keys) throws SQLException {
    if (drafts.isEmpty()) {
      return List.of();
    }
    // Allocated last: the counter rows stay locked until commit, which keeps sequence numbers
    // in commit order on PostgreSQL.
    long firstId = Sql.allocate(c, "face_id", drafts.size());
    long firstSeq = Sql.allocate(c, "change_seq", drafts.size());
    long now = Sql.micros(store.now());
    List<Face> faces = new ArrayList<>(drafts.size());
    try (PreparedStatement face = c.prepareStatement(
            "INSERT INTO faces (id, seq, collection, media_sha256, subject_id, key_owner, box_x,"
                + " box_y, box_w, box_h, landmarks, quality_score, quality_reasons, model_id,"
                + " template, crop_path, crop_sha256, replaces)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement change = c.prepareStatement(
            "INSERT INTO face_changes (seq, face_id, kind, collection, at_micros)"
                + " VALUES (?, ?, 'ADD', ?, ?)")) {
      for (int i = 0; i < drafts.size(); i++) {
        FaceDraft d = drafts.get(i);
        Face f = new Face(firstId + i, firstSeq + i, collection, d.subjectId(), mediaSha256, d.box(),
            d.landmarks(), d.quality(), d.modelId(), d.template(), d.cropPath(), d.cropSha256());
        KeyOwner owner = owner(f);
        byte[] sealed =
            aead.seal(keys.get(owner), TemplateCodec.encode(f.template()), templateAad(f.id()));
        BoundingBox box = f.box();
        Sql.bind(face, f.id(), f.sequence(), f.collection(), f.mediaSha256(),
            f.subjectId() == null ? null : f.subjectId().toString(), owner.id(),
            box.x(), box.y(), box.width(), box.height(),
            TemplateCodec.encode(f.landmarks()), f.quality().score(),
            toJson(f.quality().reasons()), f.modelId(), sealed, f.cropPath(), f.cropSha256(),
            replaces == null ? null : replaces.get(i));
        face.addBatch();
        Sql.bind(change, f.sequence(), f.id(), f.collection(), now);
        change.addBatch();
        faces.add(f);
      }
      face.executeBatch();
      change.executeBatch();
    }
    return faces;
  }

  /**
   * Refuses templates of another model than the gallery's current pack's, once a migration has
   * recorded one: a process still running the old pack after a switch must not add faces only
   * the old model can find.
   */
  private static void checkCurrentModel(Connection c, List<FaceDraft> faces) throws SQLException {
    if (faces.isEmpty()) {
      return;
    }
    Optional<String[]> current = Sql.one(c, "SELECT pack, model_id FROM gallery_pack WHERE id = 1",
        row -> new String[] {row.getString(1), row.getString(2)});
    if (current.isEmpty()) {
      return;
    }
    for (FaceDraft face : faces) {
      if (face.modelId().equals(current.get()[1]) == false) {
        throw new ModelMismatchException(current.get()[0], current.get()[1], face.modelId());
      }
    }
  }

  private void checkFaceSubjects(Connection c, Media media, List<FaceDraft> faces)
      throws SQLException {
    Map<UUID, String> collections = new HashMap<>();
    for (FaceDraft face : faces) {
      UUID id = face.subjectId();
      if (id == null || collections.containsKey(id)) {
        continue;
      }
      String collection = Sql.one(c, "SELECT collection FROM subjects WHERE id = ?",
              row -> row.getString(1), id.toString())
          .orElseThrow(() -> new SubjectNotFoundException(id));
      if (collection.equals(media.collection()) == false) {
        throw new IllegalArgumentException(
            "subject " + id + " belongs to collection '" + collection + "', the media to '"
                + media.collection() + "'");
      }
      collections.put(id, collection);
    }
  }

  private void insertSubject(Connection c, Subject subject) throws SQLException {
    insertSubject(c, subject, null);
  }

  /** Inserts a subject and creates its data key, kept in {@code keys} when that is not null. */
  private void insertSubject(Connection c, Subject subject, KeyVault.KeyCache keys)
      throws SQLException {
    if (selectSubject(c, subject.id()).isPresent()) {
      throw new DuplicateSubjectException("subject " + subject.id() + " already exists");
    }
    if (Sql.exists(c, "SELECT 1 FROM subjects WHERE collection = ? AND external_ref = ?",
        subject.collection(), subject.externalRef())) {
      throw duplicateExternalRef(subject);
    }
    try {
      Sql.update(c,
          "INSERT INTO subjects (" + SUBJECT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          subject.id().toString(), subject.collection(), subject.externalRef(),
          subject.displayName(), subject.basis().kind().name(), subject.basis().reference(),
          subject.retainUntil().toString(), Sql.micros(subject.created()));
    } catch (SQLException e) {
      if (store.vendor().isUniqueViolation(e)) {
        throw duplicateExternalRef(subject);
      }
      throw e;
    }
    vault.create(c, KeyOwner.subject(subject.id()), store.now(), keys);
  }

  private static DuplicateSubjectException duplicateExternalRef(Subject subject) {
    return new DuplicateSubjectException(
        "subject with external reference '" + subject.externalRef()
            + "' already exists in collection '" + subject.collection() + "'");
  }

  private void insertMedia(Connection c, Media media) throws SQLException {
    try {
      Sql.update(c, "INSERT INTO media (" + MEDIA_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          media.collection(), media.sha256(), media.source(), media.ingestedBy(),
          Sql.micros(media.ingestedAt()), media.byteSize(), media.width(), media.height(),
          media.retainUntil().toString());
    } catch (SQLException e) {
      if (store.vendor().isUniqueViolation(e)) {
        throw new DuplicateMediaException(media.collection(), media.sha256());
      }
      throw e;
    }
  }

  private static void requireCollection(Connection c, String name) throws SQLException {
    if (Sql.exists(c, "SELECT 1 FROM collections WHERE name = ?", name) == false) {
      throw new CollectionNotFoundException(name);
    }
  }

  private static Optional<Subject> selectSubject(Connection c, UUID id) throws SQLException {
    return Sql.one(c, "SELECT " + SUBJECT_COLUMNS + " FROM subjects WHERE id = ?",
        JdbcGalleryStore::subject, id.toString());
  }

  private static Optional<Media> selectMedia(Connection c, String collection, String sha256)
      throws SQLException {
    return Sql.one(c,
        "SELECT " + MEDIA_COLUMNS + " FROM media WHERE collection = ? AND sha256 = ?",
        JdbcGalleryStore::media, collection, sha256);
  }

  private List<Face> selectFaces(String operation, String sql, Object... args) {
    return store.read(operation, c -> {
      try (KeyVault.KeyCache keys = vault.cache(c)) {
        return Sql.list(c, sql, row -> face(row, keys), args);
      }
    });
  }

  Face face(ResultSet row, KeyVault.KeyCache keys) throws SQLException {
    long id = row.getLong("id");
    KeyOwner owner = new KeyOwner(row.getString("key_owner"));
    byte[] key = keys.get(owner, row.getLong("master_key_id"), row.getBytes("wrapped"));
    float[] template = TemplateCodec.decode(
        aead.open(key, row.getBytes("template"), templateAad(id), "template of face " + id));
    String subjectId = row.getString("subject_id");
    return new Face(
        id,
        row.getLong("seq"),
        row.getString("collection"),
        subjectId == null ? null : UUID.fromString(subjectId),
        row.getString("media_sha256"),
        new BoundingBox(row.getFloat("box_x"), row.getFloat("box_y"), row.getFloat("box_w"),
            row.getFloat("box_h")),
        TemplateCodec.decode(row.getBytes("landmarks")),
        new Quality(row.getDouble("quality_score"), fromJson(row.getString("quality_reasons"))),
        row.getString("model_id"),
        template,
        row.getString("crop_path"),
        row.getString("crop_sha256"));
  }

  private static CollectionInfo collection(ResultSet row) throws SQLException {
    return new CollectionInfo(
        row.getString("name"),
        row.getString("purpose"),
        new LawfulBasis(LawfulBasis.Kind.valueOf(row.getString("basis_kind")),
            row.getString("basis_reference")),
        Period.parse(row.getString("retention")),
        row.getBoolean("keep_originals"),
        Sql.instant(row.getLong("created_micros")));
  }

  private static SubjectFaceCount subjectCount(ResultSet row) throws SQLException {
    return new SubjectFaceCount(subject(row), row.getLong("face_count"));
  }

  private static Subject subject(ResultSet row) throws SQLException {
    return new Subject(
        UUID.fromString(row.getString("id")),
        row.getString("collection"),
        row.getString("external_ref"),
        row.getString("display_name"),
        new LawfulBasis(LawfulBasis.Kind.valueOf(row.getString("basis_kind")),
            row.getString("basis_reference")),
        LocalDate.parse(row.getString("retain_until")),
        Sql.instant(row.getLong("created_micros")));
  }

  private static Media media(ResultSet row) throws SQLException {
    return new Media(
        row.getString("sha256"),
        row.getString("collection"),
        row.getString("source"),
        row.getString("ingested_by"),
        Sql.instant(row.getLong("ingested_micros")),
        row.getLong("byte_size"),
        row.getInt("width"),
        row.getInt("height"),
        LocalDate.parse(row.getString("retain_until")));
  }

  static KeyOwner owner(Face face) {
    return face.subjectId() != null
        ? KeyOwner.subject(face.subjectId())
        : KeyOwner.media(face.collection(), face.mediaSha256());
  }

  /** Binds a sealed template to its face, so that it cannot be moved to another row. */
  static byte[] templateAad(long faceId) {
    return ("candor/template/v1/face/" + faceId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] cropAad(long faceId) {
    return ("candor/crop/v1/face/" + faceId).getBytes(StandardCharsets.UTF_8);
  }

  private String toJson(List<String> values) {
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a list of strings as JSON", e);
    }
  }

  private List<String> fromJson(String text) throws SQLException {
    try {
      return json.readValue(text, STRING_LIST);
    } catch (JsonProcessingException e) {
      throw new SQLException("malformed quality_reasons: " + text, e);
    }
  }

  private static void checkLimit(int limit, int max) {
    if (limit < 1 || limit > max) {
      throw new IllegalArgumentException("limit must be 1 to " + max + ", got " + limit);
    }
  }
}
