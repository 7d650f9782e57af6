package candor.core.store;

import candor.core.model.FaceDraft;
import candor.core.model.Media;
import candor.core.model.Subject;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What one image adds to the gallery, stored in one transaction: the image's record, any subjects
 * enrolled with it, and the faces found in it.
 *
 * @param media the image; its collection is the collection of everything in the batch
 * @param newSubjects subjects to create with the image (for an enrollment photo); copied, may be
 *     empty
 * @param faces the faces found, each naming a subject (new in this batch or already stored) or
 *     none; copied, may be empty (an image with no face is still recorded)
 */
public record IngestBatch(Media media, List<Subject> newSubjects, List<FaceDraft> faces) {

  /**
   * Validates and copies the arguments.
   *
   * @throws NullPointerException if an argument or element is null
   * @throws IllegalArgumentException if a new subject belongs to another collection than the
   *     image (message {@code "subject S belongs to collection 'b', the media to 'a'"}) or two
   *     new subjects share an id
   */
  public IngestBatch {
    Objects.requireNonNull(media, "media");
    newSubjects = List.copyOf(Objects.requireNonNull(newSubjects, "newSubjects"));
    faces = List.copyOf(Objects.requireNonNull(faces, "faces"));
    Set<UUID> ids = new HashSet<>();
    for (Subject subject : newSubjects) {
      if (subject.collection().equals(media.collection()) == false) {
        throw new IllegalArgumentException(
            "subject " + subject.id() + " belongs to collection '" + subject.collection()
                + "', the media to '" + media.collection() + "'");
      }
      if (ids.add(subject.id()) == false) {
        throw new IllegalArgumentException("subject " + subject.id() + " is listed twice");
      }
    }
  }

  /**
   * Returns a batch that adds faces of known subjects or of nobody, without new subjects.
   *
   * @param media the image
   * @param faces the faces found in it
   * @return the batch
   */
  public static IngestBatch of(Media media, List<FaceDraft> faces) {
    return new IngestBatch(media, List.of(), faces);
  }
}
