package candor.core.store;

import candor.core.model.Face;
import candor.core.model.Media;
import candor.core.model.Subject;
import java.util.List;
import java.util.Objects;

/**
 * What an ingest committed: the image, the subjects created and the faces with the ids and
 * sequence numbers the store gave them (in the order of the batch's drafts).
 *
 * <p>Privacy: the faces carry their decrypted templates, for the caller to add to the vector
 * index; do not log or keep the receipt longer than that.
 *
 * @param media the stored image
 * @param subjects the subjects created; copied
 * @param faces the stored faces; copied
 */
public record IngestReceipt(Media media, List<Subject> subjects, List<Face> faces) {

  /**
   * Validates and copies the arguments.
   *
   * @throws NullPointerException if an argument is null
   */
  public IngestReceipt {
    Objects.requireNonNull(media, "media");
    subjects = List.copyOf(subjects);
    faces = List.copyOf(faces);
  }

  /**
   * Returns the highest sequence number this ingest committed.
   *
   * @return the last face's sequence number, or 0 if no face was added
   */
  public long lastSequence() {
    return faces.isEmpty() ? 0 : faces.getLast().sequence();
  }
}
