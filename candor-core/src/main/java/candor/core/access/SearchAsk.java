package candor.core.access;

import candor.core.eval.FaceChoice;
import candor.core.gallery.FaceSelector;
import candor.core.gallery.SearchMode;
import candor.core.model.InvalidRequestException;
import java.util.List;
import java.util.Objects;

/**
 * A 1:N search as a user asks for it.
 *
 * @param purpose the purpose's id, from the deployment's closed list
 * @param caseRef the case the search serves
 * @param collections the collections to search, or {@code ["*"]} for all; copied
 * @param k how many candidates to return
 * @param probe the probe photo
 * @param probeFace which face of the probe to search with: a rule, or the face a person picked
 *     ({@link FaceSelector#at})
 * @param by whether candidates are subjects (each once, with their best face) or single faces
 */
public record SearchAsk(
    String purpose, String caseRef, List<String> collections, int k, Upload probe,
    FaceSelector probeFace, SearchMode by) {

  /**
   * Validates and copies.
   *
   * @throws InvalidRequestException if the case reference is blank or no collection is named
   * @throws NullPointerException if the probe is null
   */
  public SearchAsk {
    if (caseRef == null || caseRef.isBlank()) {
      throw new InvalidRequestException("a search requires a case reference");
    }
    if (collections == null || collections.isEmpty()) {
      throw new InvalidRequestException(
          "a search requires at least one collection, or '*' for all");
    }
    collections = List.copyOf(collections);
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(probeFace, "probeFace");
    Objects.requireNonNull(by, "by");
  }

  /**
   * A search with the probe's largest face.
   *
   * @throws IllegalArgumentException as the canonical constructor
   */
  public SearchAsk(String purpose, String caseRef, List<String> collections, int k,
      Upload probe, SearchMode by) {
    this(purpose, caseRef, collections, k, probe, FaceChoice.LARGEST, by);
  }

  /**
   * A search by subject, the default.
   *
   * @throws InvalidRequestException as the canonical constructor
   */
  public SearchAsk(String purpose, String caseRef, List<String> collections, int k,
      Upload probe) {
    this(purpose, caseRef, collections, k, probe, FaceChoice.LARGEST, SearchMode.SUBJECT);
  }
}
