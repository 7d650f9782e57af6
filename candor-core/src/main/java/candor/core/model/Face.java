package candor.core.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored face: one face in one image, with its template, its place in the gallery's change
 * log, and the subject it belongs to if known.
 *
 * <p>Faces are immutable once stored; re-embedding with a new model stores a new face and erases
 * the old one.
 *
 * <p>Privacy: the template is biometric data. The store keeps it encrypted under the subject's
 * (or, for an unidentified face, the image's) data key; this record holds it decrypted, copies
 * it on the way in and out, and {@link #toString()} leaves it out.
 *
 * @param id the face's identifier, assigned by the store, unique and never reused; also its id
 *     in the vector index; positive
 * @param sequence the change-log sequence number at which the face was added; positive
 * @param collection the collection of the image the face is in
 * @param subjectId the subject whose face this is, or {@code null} for an unidentified face
 * @param mediaSha256 the SHA-256 of the image the face is in
 * @param box the face's box in pixels of the orientation-corrected image
 * @param landmarks 5 points {@code [x0, y0, ..., x4, y4]} in the same frame; copied
 * @param quality the quality score and reasons
 * @param modelId the embedding model that produced the template
 * @param template the L2-normalised template; copied
 * @param cropPath where the aligned crop is stored, relative to the data directory, or {@code
 *     null}
 * @param cropSha256 the SHA-256 of the crop's plaintext bytes, or {@code null}
 */
public record Face(
    long id,
    long sequence,
    String collection,
    UUID subjectId,
    String mediaSha256,
    BoundingBox box,
    float[] landmarks,
    Quality quality,
    String modelId,
    float[] template,
    String cropPath,
    String cropSha256) {

  /** The largest template length accepted. */
  public static final int MAX_TEMPLATE_DIMENSIONS = 4_096;

  /** How far a template's L2 norm may be from 1 (the same tolerance as the vector index). */
  public static final double NORM_TOLERANCE = 1e-3;

  /** The number of values in {@code landmarks}: 5 points times (x, y). */
  public static final int LANDMARK_VALUES = 10;

  /**
   * Validates and copies the arguments.
   *
   * @throws NullPointerException if a required argument is null (message names it)
   * @throws IllegalArgumentException if an id or sequence is not positive, the collection name or
   *     digest is malformed, or the landmarks, template or crop fields are invalid (see {@link
   *     FaceDraft})
   */
  public Face {
    if (id <= 0) {
      throw new IllegalArgumentException("id must be positive, got " + id);
    }
    if (sequence <= 0) {
      throw new IllegalArgumentException("sequence must be positive, got " + sequence);
    }
    CollectionInfo.checkName(collection);
    Checks.sha256("mediaSha256", mediaSha256);
    Objects.requireNonNull(box, "box");
    landmarks = Checks.landmarks(landmarks);
    Objects.requireNonNull(quality, "quality");
    Checks.notBlank("modelId", modelId);
    template = Checks.unitTemplate(template);
    Checks.crop(cropPath, cropSha256);
  }

  /**
   * Builds the stored face from a draft and what the store assigned.
   *
   * @param id the assigned face id
   * @param sequence the assigned sequence number
   * @param media the image the face was found in
   * @param draft the face as detected
   * @return the face
   */
  public static Face of(long id, long sequence, Media media, FaceDraft draft) {
    return new Face(
        id,
        sequence,
        media.collection(),
        draft.subjectId(),
        media.sha256(),
        draft.box(),
        draft.landmarks(),
        draft.quality(),
        draft.modelId(),
        draft.template(),
        draft.cropPath(),
        draft.cropSha256());
  }

  /**
   * Returns a copy of the landmarks.
   *
   * @return a fresh array of 10 values
   */
  @Override
  public float[] landmarks() {
    return landmarks.clone();
  }

  /**
   * Returns a copy of the template.
   *
   * @return a fresh array the caller may modify or wipe
   */
  @Override
  public float[] template() {
    return template.clone();
  }

  /**
   * Returns the template's length without copying it.
   *
   * @return the number of dimensions
   */
  public int dimension() {
    return template.length;
  }

  /**
   * Compares all components, arrays by content.
   *
   * @param other the object to compare with
   * @return whether {@code other} is an equal face
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof Face that
        && id == that.id
        && sequence == that.sequence
        && collection.equals(that.collection)
        && Objects.equals(subjectId, that.subjectId)
        && mediaSha256.equals(that.mediaSha256)
        && box.equals(that.box)
        && Arrays.equals(landmarks, that.landmarks)
        && quality.equals(that.quality)
        && modelId.equals(that.modelId)
        && Arrays.equals(template, that.template)
        && Objects.equals(cropPath, that.cropPath)
        && Objects.equals(cropSha256, that.cropSha256);
  }

  /**
   * Returns a hash consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(id, sequence, collection, subjectId, mediaSha256, box, quality, modelId)
        * 961
        + Arrays.hashCode(landmarks) * 31
        + Arrays.hashCode(template);
  }

  /**
   * Describes the face without its template, so that logging it writes no biometric data.
   *
   * @return a description naming the ids, image, subject and model
   */
  @Override
  public String toString() {
    return "Face[id=" + id + ", sequence=" + sequence + ", collection=" + collection
        + ", subjectId=" + subjectId + ", mediaSha256=" + mediaSha256 + ", box=" + box
        + ", quality=" + quality + ", modelId=" + modelId + ", template=<" + template.length
        + " values>, cropPath=" + cropPath + "]";
  }
}
