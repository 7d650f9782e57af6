package candor.core.retention;

import candor.core.model.CollectionInfo;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The public retention schedule (as Illinois' BIPA requires of anyone holding biometric
 * identifiers): for each collection, why it exists, on what lawful basis, and how long its faces
 * are kept; and the rules that hold everywhere. It names no person.
 *
 * @param published when the schedule was produced
 * @param sweep how often expired data is erased
 * @param collections one entry per collection, by name; copied
 * @param rules the rules that apply to every collection, in words; copied
 */
public record RetentionSchedule(
    Instant published, String sweep, List<Entry> collections, List<String> rules) {

  /**
   * One collection's retention.
   *
   * @param collection the collection's name
   * @param purpose why it exists
   * @param lawfulBasis {@code "consent"} or {@code "authority"}, for its faces without a subject
   * @param basisReference the instrument or consent scheme named
   * @param retention how long media and subjects are kept after they are added (ISO-8601)
   * @param retentionInWords the same in words, such as {@code "5 years"}
   * @param keepsOriginals whether original photos are kept besides face crops
   */
  public record Entry(
      String collection,
      String purpose,
      String lawfulBasis,
      String basisReference,
      String retention,
      String retentionInWords,
      boolean keepsOriginals) {

    /**
     * Validates.
     *
     * @throws NullPointerException if an argument is null
     */
    public Entry {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(lawfulBasis, "lawfulBasis");
      Objects.requireNonNull(basisReference, "basisReference");
      Objects.requireNonNull(retention, "retention");
      Objects.requireNonNull(retentionInWords, "retentionInWords");
    }

    /**
     * Returns a collection's entry.
     *
     * @param info the collection
     * @return the entry
     */
    public static Entry of(CollectionInfo info) {
      return new Entry(info.name(), info.purpose(),
          info.defaultBasis().kind().name().toLowerCase(Locale.ROOT),
          info.defaultBasis().reference(), info.retention().toString(),
          words(info.retention()), info.keepOriginals());
    }
  }

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public RetentionSchedule {
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(sweep, "sweep");
    collections = List.copyOf(collections);
    rules = List.copyOf(rules);
  }

  /** The rules that hold for every collection, in the order they are published. */
  static final List<String> RULES = List.of(
      "Every subject has a lawful basis (consent with its reference, or a legal authority with"
          + " its reference) and a retain-until date no later than the collection's retention"
          + " allows.",
      "Subjects and photos are erased automatically the day after their retain-until date, by"
          + " the daily retention sweep, and on request at any time before.",
      "Erasure is physical: database rows, face templates, face crops, original photos and"
          + " search-index entries are deleted, and the keys that encrypt any leftover copies"
          + " are destroyed.",
      "Probe photos used to search are never stored; only their SHA-256 digest is kept in the"
          + " audit log.",
      "The audit log records that an erasure happened (ids and counts), never the erased"
          + " biometric data, and is kept for the life of the system.");

  /** Says a period in words: {@code P5Y} is "5 years", {@code P1Y6M} "1 year 6 months". */
  static String words(Period period) {
    StringBuilder out = new StringBuilder();
    append(out, period.getYears(), "year");
    append(out, period.getMonths(), "month");
    append(out, period.getDays(), "day");
    return out.toString();
  }

  private static void append(StringBuilder out, int n, String unit) {
    if (n != 0) {
      if (out.isEmpty() == false) {
        out.append(' ');
      }
      out.append(n).append(' ').append(unit).append(n == 1 ? "" : "s");
    }
  }
}
