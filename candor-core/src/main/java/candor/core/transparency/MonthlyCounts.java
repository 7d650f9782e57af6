package candor.core.transparency;

import java.time.YearMonth;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One month's aggregate counts: how the system was used, with no personal data.
 *
 * @param month the calendar month (UTC)
 * @param searchesByPurpose searches run, by purpose id; sorted, copied
 * @param searchesDenied searches the policy refused (no grant of a collection, no approval of a
 *     multi-collection search, a role that may not search)
 * @param requestsDenied every request the policy refused, searches included
 * @param authenticationFailures requests whose API key was missing, malformed, unknown or
 *     revoked, as audited in aggregate
 * @param candidatesReviewed reviews recorded (confirmations and rejections)
 * @param confirmations reviews that confirmed a candidate
 * @param rejections reviews that rejected a candidate
 * @param identificationsConfirmed candidates that became identified (two users confirmed)
 * @param subjectErasures subjects erased, on request or by retention
 * @param mediaErasures photos erased
 * @param facesErased faces erased in all
 */
public record MonthlyCounts(
    YearMonth month,
    Map<String, Long> searchesByPurpose,
    long searchesDenied,
    long requestsDenied,
    long authenticationFailures,
    long candidatesReviewed,
    long confirmations,
    long rejections,
    long identificationsConfirmed,
    long subjectErasures,
    long mediaErasures,
    long facesErased) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public MonthlyCounts {
    Objects.requireNonNull(month, "month");
    searchesByPurpose = Collections.unmodifiableSortedMap(new TreeMap<>(searchesByPurpose));
  }

  /**
   * Returns the searches of every purpose.
   *
   * @return the total
   */
  public long searches() {
    return searchesByPurpose.values().stream().mapToLong(Long::longValue).sum();
  }
}
