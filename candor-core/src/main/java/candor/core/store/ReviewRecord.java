package candor.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a search's reviewers need beyond its audit entry, as stored: who searched, when, each
 * candidate's score and estimate, and where the probe's face stands (kept sealed, or deleted and
 * why). The face itself is not part of this record: {@link ReviewStore#openProbe} reads it.
 *
 * @param searchId the search's id, as its audit entry ({@code search.run}) records it
 * @param searcher the user who searched: the name their key was issued to
 * @param at when the search ran
 * @param candidates the candidates in rank order; copied
 * @param probeKept whether the probe's face is held, sealed
 * @param keepUntil when the probe's face is deleted at the latest
 * @param deletedAt when it was deleted, or {@code null} while kept
 * @param deletedReason why it was deleted, or {@code null} while kept
 */
public record ReviewRecord(
    String searchId,
    String searcher,
    Instant at,
    List<ScoredCandidate> candidates,
    boolean probeKept,
    Instant keepUntil,
    Instant deletedAt,
    String deletedReason) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if a kept probe has a deletion time or reason
   */
  public ReviewRecord {
    Objects.requireNonNull(searchId, "searchId");
    Objects.requireNonNull(searcher, "searcher");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(keepUntil, "keepUntil");
    candidates = List.copyOf(candidates);
    if (probeKept && (deletedAt != null || deletedReason != null)) {
      throw new IllegalArgumentException("a kept probe has no deletion time or reason");
    }
  }

  /**
   * Returns a new record for a search whose probe face is about to be sealed.
   *
   * @param searchId the search's id
   * @param searcher the user who searched
   * @param at when
   * @param candidates the candidates in rank order
   * @param keepUntil when the probe's face is deleted at the latest
   * @return the record, with the probe kept
   */
  public static ReviewRecord kept(String searchId, String searcher, Instant at,
      List<ScoredCandidate> candidates, Instant keepUntil) {
    return new ReviewRecord(searchId, searcher, at, candidates, true, keepUntil, null, null);
  }
}
