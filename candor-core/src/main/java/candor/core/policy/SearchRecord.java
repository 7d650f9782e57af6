package candor.core.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A search as its audit entry ({@code search.run}) records it: what reviews refer to.
 *
 * @param searchId the search's id
 * @param auditSequence its audit entry's sequence number
 * @param at when it ran
 * @param actor who ran it
 * @param purpose the purpose's id
 * @param caseRef the case
 * @param collections the collections searched; copied
 * @param candidates the candidate face ids, best first; copied
 */
public record SearchRecord(
    String searchId,
    long auditSequence,
    Instant at,
    String actor,
    String purpose,
    String caseRef,
    List<String> collections,
    List<Long> candidates) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public SearchRecord {
    Objects.requireNonNull(searchId, "searchId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(caseRef, "caseRef");
    collections = List.copyOf(collections);
    candidates = List.copyOf(candidates);
  }
}
