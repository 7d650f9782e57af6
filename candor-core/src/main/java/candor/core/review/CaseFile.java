package candor.core.review;

import candor.core.audit.AuditEntry;
import candor.core.policy.Approval;
import java.util.List;
import java.util.Objects;

/**
 * A case as one reader may see it: every search of the case they may read, each as its review
 * sheet (candidates, scores, estimates and the decisions, blind where the reader has yet to
 * decide), the supervisors' approvals for the case, and the audit entries that record all of it.
 *
 * <p>What is left out: searches of collections the reader is not granted (as if they did not
 * exist), their audit entries, and the entries of decisions the reader is blind to (see {@link
 * ReviewDesk}).
 *
 * @param caseRef the case reference
 * @param searches the case's searches the reader may read, oldest first; copied
 * @param approvals the case's approvals the reader may read, oldest first; copied
 * @param entries the audit entries of the case (its searches, decisions, approvals, probe reads
 *     and deletions, reads and exports of the case), ascending; copied
 * @param entriesCapped whether the case has more entries than a case file lists ({@link
 *     #MAX_ENTRIES}); the audit log has them all
 */
public record CaseFile(
    String caseRef,
    List<ReviewSheet> searches,
    List<Approval> approvals,
    List<AuditEntry> entries,
    boolean entriesCapped) {

  /** The most audit entries one case file lists: {@value}. */
  public static final int MAX_ENTRIES = 10_000;

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public CaseFile {
    Objects.requireNonNull(caseRef, "caseRef");
    searches = List.copyOf(searches);
    approvals = List.copyOf(approvals);
    entries = List.copyOf(entries);
  }
}
