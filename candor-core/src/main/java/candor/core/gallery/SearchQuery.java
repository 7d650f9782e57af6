package candor.core.gallery;

import candor.core.eval.FaceChoice;
import candor.core.model.CollectionInfo;
import candor.core.model.InvalidRequestException;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A 1:N search request with its reason: who searches, why, for which case, in which collections,
 * with which probe photo.
 *
 * <p>Privacy: the probe is a face photo; it is analysed in memory, never stored, and only its
 * SHA-256 is audited.
 *
 * @param actor who searches (a user or API key name); not blank
 * @param purpose why, from the closed list {@link SearchPurpose}; required
 * @param caseRef the case, investigation or request the search serves; not blank
 * @param collections the collections to search; at least one, sorted copy
 * @param k how many candidates to return, 1 to {@link #MAX_K}
 * @param probe the probe photo's encoded bytes; not copied, must not change during the search
 * @param probeName what messages call the probe (a file name)
 * @param probeFace which face of the probe photo to search with: a rule, or the face a person
 *     picked ({@link FaceSelector#at})
 * @param by whether candidates are subjects (each once, with their best face) or single faces
 */
public record SearchQuery(
    String actor,
    SearchPurpose purpose,
    String caseRef,
    Set<String> collections,
    int k,
    byte[] probe,
    String probeName,
    FaceSelector probeFace,
    SearchMode by) {

  /** The longest candidate list a search returns: more is not reviewable by a person. */
  public static final int MAX_K = 100;

  /** The longest case reference, in characters (as an approval's). */
  public static final int MAX_CASE_REF = 256;

  /** The default number of candidates. */
  public static final int DEFAULT_K = 10;

  /**
   * Validates the query.
   *
   * @throws InvalidRequestException with one of these messages: {@code "a search requires a
   *     purpose, one of criminal-investigation, missing-person, victim-identification,
   *     identity-verification, evaluation"}, {@code "a search requires a case reference"}, {@code
   *     "a search requires at least one collection"}, {@code "k must be between 1 and 100, got
   *     0"}, or a collection name's error
   * @throws IllegalArgumentException if the actor is blank ({@code "a search requires an
   *     actor"}: the caller's fault, not the requester's)
   * @throws NullPointerException if the probe, its name or the face choice is null
   */
  public SearchQuery {
    requireReason(actor, purpose, caseRef);
    if (collections == null || collections.isEmpty()) {
      throw new InvalidRequestException("a search requires at least one collection");
    }
    collections.forEach(CollectionInfo::checkName);
    collections = Collections.unmodifiableSortedSet(new TreeSet<>(collections));
    if (k < 1 || k > MAX_K) {
      throw new InvalidRequestException("k must be between 1 and " + MAX_K + ", got " + k);
    }
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(probeName, "probeName");
    Objects.requireNonNull(probeFace, "probeFace");
    Objects.requireNonNull(by, "by");
  }

  /**
   * Creates a query whose candidates are subjects ({@link SearchMode#SUBJECT}), the default: in
   * a gallery without subjects it lists faces, as a face search would.
   *
   * @throws IllegalArgumentException as the canonical constructor
   */
  public SearchQuery(String actor, SearchPurpose purpose, String caseRef,
      Set<String> collections, int k, byte[] probe, String probeName, FaceChoice probeFace) {
    this(actor, purpose, caseRef, collections, k, probe, probeName, probeFace,
        SearchMode.SUBJECT);
  }

  /**
   * Checks that a search states who runs it, why and for which case; the query's constructor
   * calls it, and callers may call it before reading a probe.
   *
   * @param actor who searches
   * @param purpose why
   * @param caseRef the case
   * @throws InvalidRequestException with the messages listed on the constructor, or if the case
   *     reference is longer than {@value #MAX_CASE_REF} characters
   * @throws IllegalArgumentException if the actor is blank
   */
  public static void requireReason(String actor, SearchPurpose purpose, String caseRef) {
    if (purpose == null) {
      throw new InvalidRequestException(
          "a search requires a purpose, one of " + SearchPurpose.ids());
    }
    if (caseRef == null || caseRef.isBlank()) {
      throw new InvalidRequestException("a search requires a case reference");
    }
    if (caseRef.length() > MAX_CASE_REF) {
      throw new InvalidRequestException("a case reference must be at most " + MAX_CASE_REF
          + " characters, got " + caseRef.length());
    }
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("a search requires an actor");
    }
  }

  /**
   * Describes the query without the probe's bytes.
   *
   * @return a description naming actor, purpose, case, collections and k
   */
  @Override
  public String toString() {
    return "SearchQuery[actor=" + actor + ", purpose=" + purpose.id() + ", caseRef=" + caseRef
        + ", collections=" + collections + ", k=" + k + ", probe=" + probeName + " ("
        + probe.length + " bytes), probeFace=" + probeFace + "]";
  }
}
