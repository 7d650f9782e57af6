package candor.app.http;

import candor.core.access.PublicIds;
import candor.core.access.RequestOperations;
import candor.core.policy.CandidateStatus;
import candor.core.rights.AccessReport;
import candor.core.rights.OptOutEntry;
import candor.core.rights.RequestMatch;
import candor.core.rights.RequestReceipt;
import candor.core.rights.RightsRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;

/**
 * The JSON shapes of people's requests, one mapping for the HTTP API and the command line's
 * {@code --json} (camelCase, times as ISO-8601 strings): the register, a request with its
 * matches and receipts, the access report, the do-not-enrol list. A match's crop never appears
 * here (it has its own endpoint); the report carries the confirmed faces' crops as base64 JPEG,
 * for the requester. Faces are named by their public ids ({@link PublicIds}), as everywhere else
 * in the API; the store's ids stay in the audit log.
 */
public final class RequestViews {

  private RequestViews() {}

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /**
   * A request in the register.
   *
   * @param id the request's id
   * @param kind access, erasure, objection, opt-out or opt-out-removal
   * @param requesterRef the operator's reference for the requester
   * @param receivedBy who received it
   * @param received when
   * @param due the date it is due
   * @param overdue whether it is open past its due date today
   * @param identityCheckedBy who checked the requester's identity, or null
   * @param identityChecked when, or null
   * @param identityNote how, or null
   * @param answeredBy who answered, or null
   * @param answered when, or null
   * @param outcome the answer, or null
   * @param searchId the access search's id, or null
   * @param threshold the similarity a match had to reach, or null
   * @param maxFmr the false match rate the threshold stands for, or null
   * @param photoKept whether the requester's photo is still kept
   * @param optOutId the do-not-enrol entry it added or removed, or null
   */
  public record RequestView(String id, String kind, String requesterRef, String receivedBy,
      String received, String due, boolean overdue, String identityCheckedBy,
      String identityChecked, String identityNote, String answeredBy, String answered,
      String outcome, String searchId, Double threshold, Double maxFmr, boolean photoKept,
      String optOutId) {

    /**
     * Maps a request.
     *
     * @param r the request
     * @param today today's date (UTC), for {@code overdue}
     * @return the view
     */
    public static RequestView of(RightsRequest r, LocalDate today) {
      return new RequestView(r.id().toString(), r.kind().id(), r.requesterRef(), r.receivedBy(),
          text(r.received()), text(r.due()), r.overdue(today), r.identityCheckedBy(),
          text(r.identityChecked()), r.identityNote(), r.answeredBy(), text(r.answered()),
          r.outcome(), r.searchId(), r.threshold(), r.maxFmr(), r.photoKept(),
          text(r.optOutId()));
    }
  }

  /**
   * One reviewer's verdict on a match.
   *
   * @param reviewer the user
   * @param verdict confirmed or rejected
   * @param note why
   * @param at when
   */
  public record ReviewView(String reviewer, String verdict, String note, String at) {}

  /**
   * A match's review status.
   *
   * @param faceId the match's public id
   * @param state unreviewed, awaiting-second-confirmation, identified, rejected or disputed
   * @param reviews the verdicts, oldest first
   */
  public record ReviewStatusView(String faceId, String state, List<ReviewView> reviews) {

    /**
     * Maps a status.
     *
     * @param s the status
     * @param ids the deployment's public face ids
     * @return the view
     */
    public static ReviewStatusView of(CandidateStatus s, PublicIds ids) {
      return new ReviewStatusView(ids.face(s.faceId()), s.state().label(), s.reviews().stream()
          .map(r -> new ReviewView(r.reviewer(), r.verdict().label(), r.note(), text(r.at())))
          .toList());
    }
  }

  /**
   * A face an access request found, its review and what was done with it.
   *
   * @param faceId the face's public id
   * @param collection its collection
   * @param rank 1 for the most similar
   * @param score the similarity to the requester's photo
   * @param fmr the estimated false match rate at the score, or null
   * @param fmrBound estimate, below or at-least, or null
   * @param state the review state
   * @param reviews the verdicts
   * @param outcome erased or retained, or null
   * @param outcomeReference the overriding basis's reference, or null
   * @param outcomeNote why, or null
   * @param subjectRef the reference of the subject record the face is filed under, or null
   * @param subjectName that record's display name, or null
   */
  public record MatchView(String faceId, String collection, int rank, float score, Double fmr,
      String fmrBound, String state, List<ReviewView> reviews, String outcome,
      String outcomeReference, String outcomeNote, String subjectRef, String subjectName) {

    /**
     * Maps a match with its review.
     *
     * @param s the match and its status
     * @param ids the deployment's public face ids
     * @return the view
     */
    public static MatchView of(RequestOperations.MatchStatus s, PublicIds ids) {
      RequestMatch m = s.match();
      ReviewStatusView review = ReviewStatusView.of(s.review(), ids);
      return new MatchView(ids.face(m.faceId()), m.collection(), m.rank(), m.score(), m.fmr(),
          m.fmrBound() == null ? null : m.fmrBound().toLowerCase(java.util.Locale.ROOT)
              .replace('_', '-'), review.state(), review.reviews(),
          m.outcome() == null ? null : m.outcome().label(), m.outcomeReference(),
          m.outcomeNote(), s.subject() == null ? null : s.subject().externalRef(),
          s.subject() == null ? null : s.subject().displayName());
    }
  }

  /**
   * The receipt of an erasure done on a request.
   *
   * @param auditSequence the erasure's audit entry
   * @param what what was erased
   * @param at when
   * @param faceIds the public ids of the request's matches it erased
   * @param facesErased faces erased in all
   * @param mediaErased image records erased
   * @param subjectsErased subjects erased
   * @param filesDeleted files deleted
   */
  public record ReceiptView(long auditSequence, String what, String at, List<String> faceIds,
      int facesErased, int mediaErased, int subjectsErased, int filesDeleted) {

    /**
     * Maps a receipt.
     *
     * @param r the receipt
     * @param ids the deployment's public face ids
     * @return the view
     */
    public static ReceiptView of(RequestReceipt r, PublicIds ids) {
      return new ReceiptView(r.auditSequence(), r.what(), text(r.at()),
          r.faceIds().stream().map(ids::face).toList(),
          r.facesErased(), r.mediaErased(), r.subjectsErased(), r.filesDeleted());
    }
  }

  /**
   * A request with its matches and receipts.
   *
   * @param request the request
   * @param matches its matches, best first
   * @param receipts the erasures done on it
   * @param incomplete whether its search may have found more faces than listed
   * @param notice what the matches are, in words
   */
  public record RequestDetailView(RequestView request, List<MatchView> matches,
      List<ReceiptView> receipts, boolean incomplete, String notice) {

    /**
     * Maps a request's detail.
     *
     * @param d the detail
     * @param today today's date (UTC)
     * @param ids the deployment's public face ids
     * @return the view
     */
    public static RequestDetailView of(RequestOperations.RequestDetail d, LocalDate today,
        PublicIds ids) {
      return new RequestDetailView(RequestView.of(d.request(), today),
          d.matches().stream().map(m -> MatchView.of(m, ids)).toList(),
          d.receipts().stream().map(r -> ReceiptView.of(r, ids)).toList(), d.incomplete(),
          "Matches are faces that reached the request's threshold, not identifications: a match"
              + " is the requester's only when two different reviewers confirm it, and only"
              + " confirmed matches are reported or erased.");
    }
  }

  /**
   * How many searches of one purpose returned a face in one month.
   *
   * @param purpose the purpose
   * @param month the month, {@code YYYY-MM}
   * @param searches how many
   */
  public record SearchCountView(String purpose, String month, long searches) {}

  /**
   * A face of the access report.
   *
   * @param faceId the face's public id
   * @param status held, erased, retained or no longer held
   * @param collection its collection
   * @param collectionPurpose what the collection is for
   * @param source where its photo came from, or null
   * @param basisKind consent or authority, or null
   * @param basisReference the basis's reference, or null
   * @param subjectRef the subject record's reference, or null
   * @param subjectName the subject record's display name, or null
   * @param enrolled when it was enrolled, or null
   * @param enrolledBy by whom, or null
   * @param retainUntil until when it is kept, or null
   * @param score its similarity to the requester's photo
   * @param fmr the estimated false match rate at the score, or null
   * @param outcomeReference the overriding basis's reference, or null
   * @param cropJpegBase64 the face's crop as base64 JPEG, or null
   * @param timesReturned how many searches returned it in all
   * @param searches the searches that returned it, by purpose and month
   */
  public record ReportedFaceView(String faceId, String status, String collection,
      String collectionPurpose, String source, String basisKind, String basisReference,
      String subjectRef, String subjectName, String enrolled, String enrolledBy,
      String retainUntil, float score, Double fmr, String outcomeReference, String cropJpegBase64,
      long timesReturned, List<SearchCountView> searches) {

    static ReportedFaceView of(AccessReport.ReportedFace f, PublicIds ids) {
      return new ReportedFaceView(ids.face(f.faceId()), f.status(), f.collection(), f.collectionPurpose(),
          f.source(), f.basisKind(), f.basisReference(), f.subjectRef(), f.subjectName(),
          text(f.enrolled()), f.enrolledBy(), text(f.retainUntil()), f.score(), f.fmr(),
          f.outcomeReference(),
          f.crop() == null ? null : Base64.getEncoder().encodeToString(f.crop()),
          f.timesReturned(), f.searches().stream().map(c -> new SearchCountView(c.purpose(),
              c.month().toString(), c.searches())).toList());
    }
  }

  /**
   * The access report, for the requester.
   *
   * @param requestId the request
   * @param kind what was asked
   * @param requesterRef the operator's reference for the requester
   * @param received when the request was received
   * @param due its due date
   * @param identityChecked when the requester's identity was checked
   * @param answered when the request was answered, or null
   * @param generated when this report was made
   * @param modelId the face model searched with
   * @param threshold the similarity a face had to reach
   * @param maxFmr the false match rate the threshold stands for
   * @param collectionsSearched how many collections were searched
   * @param matchesFound faces at or above the threshold
   * @param matchesConfirmed of those, faces two reviewers confirmed
   * @param faces the confirmed faces
   * @param receipts the erasures done on the request
   * @param notice what the report does and does not say
   */
  public record ReportView(String requestId, String kind, String requesterRef, String received,
      String due, String identityChecked, String answered, String generated, String modelId,
      double threshold, double maxFmr, int collectionsSearched, int matchesFound,
      int matchesConfirmed, List<ReportedFaceView> faces, List<ReceiptView> receipts,
      String notice) {

    /**
     * Maps a report.
     *
     * @param r the report
     * @param ids the deployment's public face ids
     * @return the view
     */
    public static ReportView of(AccessReport r, PublicIds ids) {
      return new ReportView(r.requestId().toString(), r.kind().id(), r.requesterRef(),
          text(r.received()), text(r.due()), text(r.identityChecked()), text(r.answered()),
          text(r.generated()), r.modelId(), r.threshold(), r.maxFmr(), r.collectionsSearched(),
          r.matchesFound(), r.matchesConfirmed(),
          r.faces().stream().map(f -> ReportedFaceView.of(f, ids)).toList(),
          r.receipts().stream().map(c -> ReceiptView.of(c, ids)).toList(), r.notice());
    }
  }

  /**
   * An entry of the do-not-enrol list (never its template).
   *
   * @param id the entry
   * @param modelId the template's model
   * @param consentReference the person's consent
   * @param requestId the opt-out request that added it
   * @param createdBy who added it
   * @param created when
   */
  public record OptOutView(String id, String modelId, String consentReference, String requestId,
      String createdBy, String created) {

    /**
     * Maps an entry.
     *
     * @param e the entry
     * @return the view
     */
    public static OptOutView of(OptOutEntry e) {
      return new OptOutView(e.id().toString(), e.modelId(), e.consentReference(),
          e.requestId().toString(), e.createdBy(), text(e.created()));
    }
  }

  /**
   * What an opt-out or its removal did.
   *
   * @param request the request, answered
   * @param entry the entry added or removed
   */
  public record OptOutResultView(RequestView request, OptOutView entry) {

    /**
     * Maps a result.
     *
     * @param r the result
     * @param today today's date (UTC)
     * @return the view
     */
    public static OptOutResultView of(RequestOperations.OptOutResult r, LocalDate today) {
      return new OptOutResultView(RequestView.of(r.request(), today), OptOutView.of(r.entry()));
    }
  }

  /**
   * Today's date in UTC, for what is overdue.
   *
   * @return the date
   */
  public static LocalDate today() {
    return LocalDate.ofInstant(Instant.now(), java.time.ZoneOffset.UTC);
  }
}
