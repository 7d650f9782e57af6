package candor.core.gallery;

import candor.core.model.InvalidRequestException;
import java.util.Locale;

/**
 * What a search's candidates are: subjects or single faces.
 *
 * <p>A subject enrolled with several photos (frontal and profile, old and new) has one template
 * per face. Searching by subject reports each subject once, with the face that matched best, so
 * that one person's ten photos do not fill the candidate list and push other people out, and
 * ranks the subjects by the fused template of all their faces (see {@link CandidateRanking});
 * faces without a subject (an unidentified face in an archive photo) stand alone either way.
 */
public enum SearchMode {
  /**
   * One candidate per subject, its best-matching face, ranked by the subject's fused template;
   * unidentified faces one each.
   */
  SUBJECT,
  /** One candidate per matching face. */
  FACE;

  /**
   * Parses {@code subject} or {@code face}, in any case.
   *
   * @param text the name
   * @return the mode
   * @throws InvalidRequestException naming the choices if the text is neither
   */
  public static SearchMode parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidRequestException("search by 'subject' or 'face', got '" + text + "'");
    }
  }

  /**
   * Returns the lower-case name used in the CLI, the API and the audit log.
   *
   * @return {@code subject} or {@code face}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
