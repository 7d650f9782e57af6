package candor.core.review;

import candor.core.policy.SearchRecord;
import java.util.Objects;

/**
 * A search that waits for one reviewer: another user confirmed one of its candidates, which
 * waits for a second confirmation the reviewer has not given or refused, or it is the reviewer's
 * own search and nobody has decided on some of its candidates yet.
 *
 * <p>Blind: the entry does not say which candidates another user confirmed, nor who; {@code
 * undecided} counts every candidate the reviewer has not decided on. Being asked at all tells the
 * reviewer that someone confirmed one of them.
 *
 * @param search the search as audited
 * @param undecided how many of its candidates (not erased) the reviewer has not decided on
 * @param ownSearch whether the reviewer ran the search
 * @param probeAvailable whether its probe's face can still be read
 */
public record QueueEntry(SearchRecord search, int undecided, boolean ownSearch,
    boolean probeAvailable) {

  /**
   * Validates.
   *
   * @throws NullPointerException if the search is null
   * @throws IllegalArgumentException if {@code undecided} is negative
   */
  public QueueEntry {
    Objects.requireNonNull(search, "search");
    if (undecided < 0) {
      throw new IllegalArgumentException("undecided must not be negative, got " + undecided);
    }
  }
}
