package candor.core.review;

import candor.core.policy.SearchRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A search as one reader reviews it: the search as audited, where its probe face stands, the
 * rule that marks candidates weak, and each candidate as this reader may see it.
 *
 * @param search the search as its audit entry records it
 * @param searcher the user who searched, or {@code null} when the search kept no review material
 *     (the audit entry's actor still names them)
 * @param probeAvailable whether the probe's face can be read now ({@link ReviewDesk#probe})
 * @param probeKeptUntil when the probe's face goes at the latest, or {@code null} if none was kept
 * @param probeDeletedAt when it was deleted, or {@code null}
 * @param probeDeletedReason why, or {@code null}
 * @param reviewThreshold the estimated false match rate above which a candidate is weak
 * @param weakReasonMin the shortest note, in characters, that confirms a weak candidate
 * @param readerMayDecide whether the reader's role may decide on candidates (an auditor's may
 *     not: their sheet is never blind)
 * @param candidates the candidates in rank order; copied
 */
public record ReviewSheet(
    SearchRecord search,
    String searcher,
    boolean probeAvailable,
    Instant probeKeptUntil,
    Instant probeDeletedAt,
    String probeDeletedReason,
    double reviewThreshold,
    int weakReasonMin,
    boolean readerMayDecide,
    List<CandidateSheet> candidates) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if the search is null
   */
  public ReviewSheet {
    Objects.requireNonNull(search, "search");
    candidates = List.copyOf(candidates);
  }
}
