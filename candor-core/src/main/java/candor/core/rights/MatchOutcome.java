package candor.core.rights;

import java.util.Locale;

/** What was done, on request, with a face an access request found. */
public enum MatchOutcome {
  /** Erased: rows, template, crop, kept original and index entry (the receipt is attached). */
  ERASED,
  /** Kept, because a lawful basis overrides the request (its reference is recorded). */
  RETAINED;

  /**
   * Returns the outcome's lower-case name.
   *
   * @return {@code "erased"} or {@code "retained"}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
