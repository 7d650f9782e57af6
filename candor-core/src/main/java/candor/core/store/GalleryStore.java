package candor.core.store;

import candor.core.model.CollectionInfo;
import candor.core.model.Face;
import candor.core.model.Media;
import candor.core.model.Subject;
import candor.core.model.SubjectFaceCount;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Map;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The gallery's records: collections, subjects, media and faces, the change log the vector
 * index replays, and erasure.
 *
 * <p>Methods that take a {@link Transaction} join it, so that their changes commit together with
 * the caller's others (such as an audit entry); their transaction-less forms run in a
 * transaction of their own. Lookups read committed data outside any transaction.
 *
 * <p>Privacy: face templates are stored encrypted with AES-256-GCM under a data key of the
 * face's subject, or of its image for an unidentified face; the data keys are stored wrapped by
 * the master key, which lives outside the database. Erasure deletes the rows and destroys the
 * data keys in the same transaction, so leftover copies of the ciphertext cannot be decrypted.
 *
 * <p>Thread-safe.
 */
public interface GalleryStore {

  // ---- collections --------------------------------------------------------------------------

  /**
   * Creates a collection.
   *
   * @param tx the transaction to join
   * @param collection the collection
   * @return the collection as stored
   * @throws DuplicateCollectionException if the name is taken (message {@code "collection 'x'
   *     already exists"})
   */
  CollectionInfo createCollection(Transaction tx, CollectionInfo collection);

  /**
   * Creates a collection in a transaction of its own.
   *
   * @param collection the collection
   * @return the collection as stored
   * @throws DuplicateCollectionException if the name is taken
   */
  CollectionInfo createCollection(CollectionInfo collection);

  /**
   * Looks up a collection.
   *
   * @param name the collection's name
   * @return the collection, or empty if there is none by that name
   */
  Optional<CollectionInfo> findCollection(String name);

  /**
   * Lists the collections.
   *
   * @return every collection, by name
   */
  List<CollectionInfo> listCollections();

  // ---- subjects -----------------------------------------------------------------------------

  /**
   * Enrolls a subject and creates their data key.
   *
   * @param tx the transaction to join
   * @param subject the subject, with its required lawful basis
   * @return the subject as stored
   * @throws CollectionNotFoundException if the collection does not exist
   * @throws DuplicateSubjectException if the id, or the external reference within the
   *     collection, is taken (message {@code "subject with external reference 'r' already exists
   *     in collection 'c'"})
   */
  Subject createSubject(Transaction tx, Subject subject);

  /**
   * Enrolls a subject in a transaction of its own.
   *
   * @param subject the subject
   * @return the subject as stored
   * @throws CollectionNotFoundException if the collection does not exist
   * @throws DuplicateSubjectException if the id or external reference is taken
   */
  Subject createSubject(Subject subject);

  /**
   * Looks up a subject.
   *
   * @param id the subject's id
   * @return the subject, or empty if there is none (or it was erased)
   */
  Optional<Subject> findSubject(UUID id);

  /**
   * Looks up a subject by the caller's reference.
   *
   * @param collection the collection
   * @param externalRef the reference given at enrollment
   * @return the subject, or empty
   */
  Optional<Subject> findSubjectByExternalRef(String collection, String externalRef);

  /**
   * Lists subjects with their face counts, by collection then external reference, without
   * reading any template.
   *
   * @param collection only this collection's subjects, or empty for every collection
   * @return the subjects, including those with no face
   */
  List<SubjectFaceCount> listSubjects(Optional<String> collection);

  /**
   * Lists subjects whose retention has run out, for the retention sweeper.
   *
   * @param today the current date; subjects with {@code retainUntil} before it are due
   * @param limit the most to return, positive
   * @return the due subjects, earliest {@code retainUntil} first
   */
  List<Subject> subjectsDueForErasure(LocalDate today, int limit);

  // ---- media and ingest ---------------------------------------------------------------------

  /**
   * Stores one image with its new subjects and faces, all in one transaction; faces get ids and
   * sequence numbers when it commits.
   *
   * <p>Privacy: stores the templates encrypted under their subject's data key, or under a new
   * data key of the image for faces without a subject.
   *
   * @param tx the transaction to join
   * @param batch what the image adds
   * @return what was stored, faces in the batch's order
   * @throws CollectionNotFoundException if the image's collection does not exist
   * @throws DuplicateMediaException if the collection already holds the same image (message
   *     {@code "media <sha256> already exists in collection 'c'"})
   * @throws DuplicateSubjectException if a new subject's id or external reference is taken
   * @throws SubjectNotFoundException if a face names a subject that is neither new in the batch
   *     nor stored
   * @throws IllegalArgumentException if a face names a subject of another collection
   * @throws ModelMismatchException if a face's template model is not the gallery's current
   *     pack's (once a pack migration has recorded one; see {@link PackStore})
   */
  IngestReceipt ingest(Transaction tx, IngestBatch batch);

  /**
   * Stores one image with its new subjects and faces in a transaction of its own.
   *
   * @param batch what the image adds
   * @return what was stored
   * @throws CollectionNotFoundException if the collection does not exist
   * @throws DuplicateMediaException if the collection already holds the same image
   * @throws DuplicateSubjectException if a new subject's id or external reference is taken
   * @throws SubjectNotFoundException if a face names an unknown subject
   */
  IngestReceipt ingest(IngestBatch batch);

  /**
   * Looks up an image, for example to detect a duplicate before running the vision pipeline.
   *
   * @param collection the collection
   * @param sha256 the SHA-256 of the image's bytes, lower-case hex
   * @return the image, or empty if the collection does not hold it
   */
  Optional<Media> findMedia(String collection, String sha256);

  /**
   * Lists images whose retention has run out, for the retention sweeper.
   *
   * @param today the current date; images with {@code retainUntil} before it are due
   * @param limit the most to return, positive
   * @return the due images, earliest {@code retainUntil} first
   */
  List<Media> mediaDueForErasure(LocalDate today, int limit);

  // ---- faces and the change log -------------------------------------------------------------

  /**
   * Looks up who the given faces belong to, without reading their templates: what a search by
   * subject needs to group its hits.
   *
   * @param faceIds face ids, at most 1,000
   * @return for each face still stored, its subject's id or empty for an unidentified face;
   *     erased or unknown ids are absent
   * @throws IllegalArgumentException if more than 1,000 ids are given
   */
  Map<Long, Optional<UUID>> subjectsOfFaces(Collection<Long> faceIds);

  /**
   * Looks up a face and decrypts its template.
   *
   * @param id the face's id
   * @return the face, or empty if there is none (or it was erased)
   */
  Optional<Face> findFace(long id);

  /**
   * Lists a subject's faces, with decrypted templates.
   *
   * @param subjectId the subject
   * @return the faces, by id; empty if the subject has none or does not exist
   */
  default List<Face> facesOfSubject(UUID subjectId) {
    return facesOfSubjects(List.of(subjectId)).getOrDefault(subjectId, List.of());
  }

  /**
   * Lists the faces of several subjects, with decrypted templates, in few queries: a subject
   * search reads the faces of every subject among its hits.
   *
   * @param subjectIds the subjects
   * @return each subject's faces by id; subjects without faces (or unknown) are absent
   */
  Map<UUID, List<Face>> facesOfSubjects(Collection<UUID> subjectIds);

  /**
   * Lists the faces found in an image, with decrypted templates.
   *
   * @param collection the image's collection
   * @param sha256 the image's digest
   * @return the faces, by id; empty if none
   */
  List<Face> facesInMedia(String collection, String sha256);

  /**
   * Lists where the crops of an image's faces belong, reading no template.
   *
   * @param collection the image's collection
   * @param sha256 the image's digest
   * @return one entry per face, by face id; empty if none
   */
  List<StoredCrop> cropsInMedia(String collection, String sha256);

  /**
   * Returns the changes committed after {@code afterSequence}, in sequence order, for the
   * vector index to replay: additions (with decrypted templates) and deletions.
   *
   * <p>Call repeatedly with the last returned sequence until the result is empty.
   *
   * @param afterSequence the last sequence already applied; 0 for all
   * @param limit the most changes to return, 1 to 100,000
   * @return the changes, ascending by sequence
   */
  List<FaceChange> changesSince(long afterSequence, int limit);

  /**
   * Returns the highest committed sequence number.
   *
   * @return the last sequence number given out and committed, 0 if none
   */
  long maxSequence();

  /**
   * Returns how many faces are stored.
   *
   * @return the number of faces
   */
  long faceCount();

  // ---- crops --------------------------------------------------------------------------------

  /**
   * Encrypts a face's crop under the face's data key, bound to the face, for the caller to write
   * to {@link Face#cropPath()}.
   *
   * <p>Privacy: once the face's subject (or image) is erased, the sealed crop cannot be opened
   * even if the file survives.
   *
   * @param face the stored face
   * @param plaintext the crop's encoded image bytes
   * @return the sealed bytes
   * @throws candor.core.crypto.KeyDestroyedException if the face's data key no longer exists
   */
  byte[] sealCrop(Face face, byte[] plaintext);

  /**
   * Seals several crops as {@link #sealCrop} seals each, reading each data key once: the step
   * after an ingest stored a group of images.
   *
   * <p>Privacy: as {@link #sealCrop}.
   *
   * @param faces the stored faces
   * @param plaintexts each face's crop bytes (or kept original), in the order of {@code faces}
   * @return the sealed bytes, in the order of {@code faces}
   * @throws IllegalArgumentException if the lists differ in size
   * @throws candor.core.crypto.KeyDestroyedException if a face's data key no longer exists
   */
  default List<byte[]> sealCrops(List<Face> faces, List<byte[]> plaintexts) {
    if (faces.size() != plaintexts.size()) {
      throw new IllegalArgumentException(
          faces.size() + " faces but " + plaintexts.size() + " crops to seal");
    }
    List<byte[]> sealed = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      sealed.add(sealCrop(faces.get(i), plaintexts.get(i)));
    }
    return sealed;
  }

  /**
   * Decrypts a crop sealed by {@link #sealCrop}.
   *
   * @param face the face it belongs to
   * @param sealed the sealed bytes
   * @return the crop's bytes
   * @throws candor.core.crypto.KeyDestroyedException if the face's data key was destroyed
   * @throws candor.core.crypto.DecryptionFailedException if the bytes were altered or belong to
   *     another face
   */
  byte[] openCrop(Face face, byte[] sealed);

  // ---- erasure ------------------------------------------------------------------------------

  /**
   * Erases a subject: deletes their faces (writing a tombstone for each), the images left with
   * no face, and the subject, and destroys their data key (and the keys of the images deleted).
   *
   * <p>Privacy: after commit no row holds the subject's data, and every leftover copy of their
   * templates (WAL, free pages, dead tuples, backups) is encrypted under a key that no longer
   * exists. On SQLite the WAL is checkpointed and truncated after commit, and deleted content is
   * overwritten ({@code secure_delete}). On PostgreSQL the deleted rows (the wrapped data key
   * among them) stay in dead tuples and WAL until vacuum and WAL recycling; {@link
   * Store#rotateMasterKey()} makes those copies of the key useless. The caller still removes the
   * faces from the vector index and deletes crop and original files.
   *
   * @param tx the transaction to join
   * @param subjectId the subject
   * @return what was erased
   * @throws SubjectNotFoundException if the subject does not exist
   */
  ErasureReceipt eraseSubject(Transaction tx, UUID subjectId);

  /**
   * Erases a subject in a transaction of its own; see {@link #eraseSubject(Transaction, UUID)}.
   *
   * @param subjectId the subject
   * @return what was erased
   * @throws SubjectNotFoundException if the subject does not exist
   */
  ErasureReceipt eraseSubject(UUID subjectId);

  /**
   * Erases an image from a collection: deletes every face found in it (writing tombstones),
   * whatever subject they belong to, and the image's record, and destroys the image's data key.
   * Subjects stay, with their faces in other images.
   *
   * <p>Privacy: as for {@link #eraseSubject(Transaction, UUID)}.
   *
   * @param tx the transaction to join
   * @param collection the image's collection
   * @param sha256 the image's digest
   * @return what was erased
   * @throws MediaNotFoundException if the collection does not hold the image
   */
  ErasureReceipt eraseMedia(Transaction tx, String collection, String sha256);

  /**
   * Erases an image in a transaction of its own; see {@link #eraseMedia(Transaction, String,
   * String)}.
   *
   * @param collection the image's collection
   * @param sha256 the image's digest
   * @return what was erased
   * @throws MediaNotFoundException if the collection does not hold the image
   */
  ErasureReceipt eraseMedia(String collection, String sha256);
}
