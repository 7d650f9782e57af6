package candor.core.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A face found in an image and not yet stored: what the vision pipeline produced, plus the
 * subject it belongs to if known. The store turns it into a {@link Face} with an id and a
 * sequence number.
 *
 * <p>Privacy: the template is biometric data. The record copies it on the way in and out, and
 * {@link #toString()} leaves it out.
 *
 * @param subjectId the subject whose face this is, or {@code null} for an unidentified face (an
 *     unknown person in an archive photo is searchable and shows its source image)
 * @param box the face's box in pixels of the orientation-corrected image
 * @param landmarks 5 points as {@code [x0, y0, ..., x4, y4]} in the same pixel frame: left eye,
 *     right eye, nose tip, left and right mouth corners (as seen in the image); copied
 * @param quality the face's quality score and reasons
 * @param modelId the embedding model that produced the template; not blank. Templates of
 *     different models are never compared.
 * @param template the L2-normalised template (512 values for the shipped model); finite, norm
 *     within {@link Face#NORM_TOLERANCE} of 1; copied
 * @param cropPath where the aligned face crop is stored, relative to the data directory, or
 *     {@code null} if no crop is kept
 * @param cropSha256 the SHA-256 of the crop's plaintext bytes, or {@code null} with no crop
 */
public record FaceDraft(
    UUID subjectId,
    BoundingBox box,
    float[] landmarks,
    Quality quality,
    String modelId,
    float[] template,
    String cropPath,
    String cropSha256) {

  /**
   * Validates and copies the arguments.
   *
   * @throws NullPointerException if a required argument is null (message names it)
   * @throws IllegalArgumentException if the landmarks are not 10 finite values, the template is
   *     empty, not finite or not unit length (message such as {@code "template must have unit L2
   *     norm (1 ± 0.001), got norm 2.000000"}), the model id is blank, or only one of the crop
   *     fields is set
   */
  public FaceDraft {
    Objects.requireNonNull(box, "box");
    landmarks = Checks.landmarks(landmarks);
    Objects.requireNonNull(quality, "quality");
    Checks.notBlank("modelId", modelId);
    template = Checks.unitTemplate(template);
    Checks.crop(cropPath, cropSha256);
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
   * Compares all components, arrays by content.
   *
   * @param other the object to compare with
   * @return whether {@code other} is an equal draft
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof FaceDraft that
        && Objects.equals(subjectId, that.subjectId)
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
    return Objects.hash(subjectId, box, quality, modelId, cropPath, cropSha256) * 961
        + Arrays.hashCode(landmarks) * 31
        + Arrays.hashCode(template);
  }

  /**
   * Describes the draft without its template, so that logging it writes no biometric data.
   *
   * @return a description naming the subject, box, quality and model
   */
  @Override
  public String toString() {
    return "FaceDraft[subjectId=" + subjectId + ", box=" + box + ", quality=" + quality
        + ", modelId=" + modelId + ", template=<" + template.length + " values>, cropPath="
        + cropPath + "]";
  }
}
