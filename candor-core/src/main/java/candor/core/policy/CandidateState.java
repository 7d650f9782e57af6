package candor.core.policy;

import java.util.Locale;

/**
 * Where a search candidate stands in human review. A candidate is {@link #IDENTIFIED} only when
 * two different users have confirmed it and nobody has rejected it (the "four eyes" rule of the
 * EU AI Act, Art. 14(5), for remote biometric identification).
 */
public enum CandidateState {
  /** Nobody has reviewed it. */
  UNREVIEWED,
  /** One user confirmed it; a second, different user must confirm before it is identified. */
  AWAITING_SECOND_CONFIRMATION,
  /** Two or more different users confirmed it and nobody rejected it. */
  IDENTIFIED,
  /** Only rejections. */
  REJECTED,
  /** Some users confirmed it and some rejected it: not an identification. */
  DISPUTED;

  /**
   * Returns the state of a candidate given its reviews.
   *
   * @param confirmingUsers how many different users confirmed it
   * @param rejectingUsers how many different users rejected it
   * @return the state
   */
  public static CandidateState of(long confirmingUsers, long rejectingUsers) {
    if (confirmingUsers == 0) {
      return rejectingUsers == 0 ? UNREVIEWED : REJECTED;
    }
    if (rejectingUsers > 0) {
      return DISPUTED;
    }
    return confirmingUsers >= 2 ? IDENTIFIED : AWAITING_SECOND_CONFIRMATION;
  }

  /**
   * Returns whether the candidate's review has an outcome that needs no further decision:
   * identified, rejected or disputed. Unreviewed candidates and those awaiting a second
   * confirmation are still open.
   *
   * @return {@code true} when settled
   */
  public boolean settled() {
    return this == IDENTIFIED || this == REJECTED || this == DISPUTED;
  }

  /**
   * Returns the state's lower-case name with dashes.
   *
   * @return for example {@code "awaiting-second-confirmation"}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
