package candor.core.transparency;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How people's requests about their own faces were answered, since the log began: counts only,
 * no requester, face or photo.
 *
 * @param requestsByKind requests received, by kind ({@code access}, {@code erasure}, {@code
 *     objection}, {@code opt-out}, {@code opt-out-removal}); sorted, copied
 * @param answered requests answered
 * @param medianDaysToAnswer the median of the days from receipt to answer of access, erasure and
 *     objection requests (opt-outs and their removal are answered on receipt), to a tenth of a
 *     day, or {@code null} when none was answered
 * @param answeredLate requests answered after their due date (one month after receipt)
 * @param open requests not answered yet
 * @param overdue of those, requests past their due date when the report was made
 * @param erasuresOnRequest erasures done on a request (a subject or a photo each)
 * @param facesErasedOnRequest faces those erasures took
 * @param facesRetained matched faces kept because a lawful basis overrides the request
 * @param optOutSkips faces an ingest did not store because they are on the do-not-enrol list
 */
public record RightsCounts(
    Map<String, Long> requestsByKind,
    long answered,
    Double medianDaysToAnswer,
    long answeredLate,
    long open,
    long overdue,
    long erasuresOnRequest,
    long facesErasedOnRequest,
    long facesRetained,
    long optOutSkips) {

  /**
   * Copies the counts by kind.
   *
   * @throws NullPointerException if {@code requestsByKind} is null
   */
  public RightsCounts {
    Objects.requireNonNull(requestsByKind, "requestsByKind");
    requestsByKind = Collections.unmodifiableSortedMap(new TreeMap<>(requestsByKind));
  }

  /**
   * Returns the counts of a log with no request.
   *
   * @return all zero
   */
  public static RightsCounts none() {
    return new RightsCounts(Map.of(), 0, null, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * Returns the requests received of every kind.
   *
   * @return the total
   */
  public long requests() {
    return requestsByKind.values().stream().mapToLong(Long::longValue).sum();
  }
}
