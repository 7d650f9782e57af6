package candor.core.audit;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of {@link AuditLog#verify()}: whether the chain is intact, and if not, the first
 * broken entry and what is wrong with it.
 *
 * @param entriesChecked how many entries were read
 * @param headSequence the sequence number the chain head records as the last entry
 * @param firstBroken the sequence number of the first entry found edited, missing or out of
 *     place; empty if the chain is intact
 * @param problem what is wrong with it, for a person to read; empty if intact
 */
public record ChainVerification(
    long entriesChecked, long headSequence, OptionalLong firstBroken, Optional<String> problem) {

  /**
   * Checks that a broken chain names both the entry and the problem.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if exactly one of {@code firstBroken} and {@code problem} is
   *     present
   */
  public ChainVerification {
    Objects.requireNonNull(firstBroken, "firstBroken");
    Objects.requireNonNull(problem, "problem");
    if (firstBroken.isPresent() != problem.isPresent()) {
      throw new IllegalArgumentException("firstBroken and problem must be both present or absent");
    }
  }

  /**
   * Returns the result for an intact chain.
   *
   * @param entriesChecked how many entries were read
   * @param headSequence the head's sequence number
   * @return the result
   */
  public static ChainVerification intact(long entriesChecked, long headSequence) {
    return new ChainVerification(
        entriesChecked, headSequence, OptionalLong.empty(), Optional.empty());
  }

  /**
   * Returns the result for a broken chain.
   *
   * @param entriesChecked how many entries were read
   * @param headSequence the head's sequence number
   * @param firstBroken the first broken entry's sequence number
   * @param problem what is wrong
   * @return the result
   */
  public static ChainVerification broken(
      long entriesChecked, long headSequence, long firstBroken, String problem) {
    return new ChainVerification(
        entriesChecked, headSequence, OptionalLong.of(firstBroken), Optional.of(problem));
  }

  /**
   * Returns whether the chain is intact.
   *
   * @return {@code true} if no entry is broken
   */
  public boolean isIntact() {
    return firstBroken.isEmpty();
  }
}
