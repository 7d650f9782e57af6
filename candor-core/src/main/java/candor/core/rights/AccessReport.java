package candor.core.rights;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The answer to an access request, for the requester: each face the operator holds of them (as
 * two reviewers confirmed it), where it came from, on what lawful basis, when and by whom it was
 * enrolled, until when it is kept, and how often searches returned it; and what was erased or
 * kept on their request. The searches are counted by purpose and month only: the cases they
 * served are other people's business.
 *
 * <p>Privacy: holds the requester's face crops; give it to the requester, whose identity was
 * checked, and keep no copy.
 *
 * @param requestId the request
 * @param kind what was asked
 * @param requesterRef the operator's reference for the requester
 * @param received when the request was received
 * @param due the date it is due
 * @param identityChecked when the requester's identity was checked
 * @param answered when it was answered, or {@code null} if still open
 * @param generated when this report was made
 * @param modelId the face model searched with
 * @param threshold the similarity a face had to reach to be a match
 * @param maxFmr the calibrated false match rate the threshold stands for
 * @param collectionsSearched how many collections were searched (all of them)
 * @param matchesFound faces at or above the threshold
 * @param matchesConfirmed of those, faces two reviewers confirmed as the requester's
 * @param faces the confirmed faces, most similar first; copied
 * @param receipts the erasures done on the request; copied
 * @param notice what the report does and does not say, in words
 */
public record AccessReport(
    UUID requestId,
    RequestKind kind,
    String requesterRef,
    Instant received,
    LocalDate due,
    Instant identityChecked,
    Instant answered,
    Instant generated,
    String modelId,
    double threshold,
    double maxFmr,
    int collectionsSearched,
    int matchesFound,
    int matchesConfirmed,
    List<ReportedFace> faces,
    List<RequestReceipt> receipts,
    String notice) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a required component is null
   */
  public AccessReport {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(generated, "generated");
    faces = List.copyOf(faces);
    receipts = List.copyOf(receipts);
  }

  /**
   * One face held of the requester.
   *
   * @param faceId the face's id
   * @param status {@code held}, {@code erased} (on this request) or {@code retained} (a lawful
   *     basis overrides the request)
   * @param collection its collection
   * @param collectionPurpose what the collection is for
   * @param source where its photo came from (a file, an upload, a URL), or {@code null} once erased
   * @param basisKind {@code consent} or {@code authority}, or {@code null} if unknown
   * @param basisReference the consent record or legal instrument, or {@code null}
   * @param subjectRef the operator's reference of the subject record the face is filed under, or
   *     {@code null} for a face filed under no subject
   * @param subjectName that record's display name, or {@code null}
   * @param enrolled when the face was enrolled, or {@code null} if unknown
   * @param enrolledBy who enrolled it (a user and key), or {@code null}
   * @param retainUntil until when it is kept, or {@code null} once erased
   * @param score its similarity to the requester's photo
   * @param fmr the estimated false match rate at that score, or {@code null}
   * @param outcomeReference for a retained face, the overriding basis's reference
   * @param crop the face's JPEG crop, or {@code null} once erased (or if none is kept); not
   *     copied
   * @param searches how many searches returned it, by purpose and month; copied
   */
  public record ReportedFace(
      long faceId,
      String status,
      String collection,
      String collectionPurpose,
      String source,
      String basisKind,
      String basisReference,
      String subjectRef,
      String subjectName,
      Instant enrolled,
      String enrolledBy,
      LocalDate retainUntil,
      float score,
      Double fmr,
      String outcomeReference,
      byte[] crop,
      List<SearchCount> searches) {

    /**
     * Copies the counts.
     *
     * @throws NullPointerException if a required component is null
     */
    public ReportedFace {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(collection, "collection");
      searches = List.copyOf(searches);
    }

    /**
     * Returns how many searches returned the face in all.
     *
     * @return the total of {@link #searches()}
     */
    public long timesReturned() {
      return searches.stream().mapToLong(SearchCount::searches).sum();
    }
  }

  /**
   * How many searches of one purpose returned a face in one month.
   *
   * @param purpose the purpose's id
   * @param month the month (UTC)
   * @param searches how many
   */
  public record SearchCount(String purpose, YearMonth month, long searches) {}
}
