package candor.core.model;

import java.util.Objects;

/**
 * The legal ground on which a face may be held and searched: consent, with a reference to the
 * consent record, or a legal authority, with a reference to the instrument that grants it.
 *
 * @param kind whether the basis is consent or authority; not null
 * @param reference where the basis is recorded (a consent form id, a statute or warrant number);
 *     not blank, at most 4,096 characters
 */
public record LawfulBasis(Kind kind, String reference) {

  /** The kinds of lawful basis Candor accepts. */
  public enum Kind {
    /** The person agreed; {@code reference} names the consent record. */
    CONSENT,
    /** A law or an order allows it; {@code reference} names the instrument. */
    AUTHORITY
  }

  /**
   * Validates the basis.
   *
   * @throws NullPointerException if {@code kind} or {@code reference} is null (message names it)
   * @throws InvalidRequestException if {@code reference} is blank (message {@code "lawful basis
   *     reference must not be blank"}) or longer than 4,096 characters
   */
  public LawfulBasis {
    Objects.requireNonNull(kind, "lawful basis kind");
    Objects.requireNonNull(reference, "lawful basis reference");
    // A basis comes from a request (an enrolment, a collection): a bad reference is the
    // client's mistake, unlike the other records' checks of what the system computed.
    if (reference.isBlank()) {
      throw new InvalidRequestException("lawful basis reference must not be blank");
    }
    if (reference.length() > Checks.MAX_TEXT) {
      throw new InvalidRequestException("lawful basis reference must be at most "
          + Checks.MAX_TEXT + " characters, got " + reference.length());
    }
  }

  /**
   * Returns a consent basis.
   *
   * @param reference the consent record's reference; not blank
   * @return the basis
   * @throws IllegalArgumentException if {@code reference} is blank
   */
  public static LawfulBasis consent(String reference) {
    return new LawfulBasis(Kind.CONSENT, reference);
  }

  /**
   * Returns a legal-authority basis.
   *
   * @param reference the instrument's reference; not blank
   * @return the basis
   * @throws IllegalArgumentException if {@code reference} is blank
   */
  public static LawfulBasis authority(String reference) {
    return new LawfulBasis(Kind.AUTHORITY, reference);
  }
}
