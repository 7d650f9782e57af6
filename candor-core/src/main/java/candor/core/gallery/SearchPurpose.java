package candor.core.gallery;

import candor.core.model.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Why a 1:N search is run: a closed list, so that every search in the audit log states one of a
 * few reviewable reasons. (The service issue makes the list configurable.)
 */
public enum SearchPurpose {
  /** Identifying a suspect or witness in a criminal investigation. */
  CRIMINAL_INVESTIGATION,
  /** Finding a missing person. */
  MISSING_PERSON,
  /** Identifying a victim (of a crime, a disaster or an accident). */
  VICTIM_IDENTIFICATION,
  /** Checking a claimed identity against the gallery. */
  IDENTITY_VERIFICATION,
  /** Measuring the system on evaluation data; never acted upon. */
  EVALUATION,
  /**
   * Answering a person's request about their own faces (GDPR Art. 15 access, 17 erasure, 21
   * objection): run only by a privacy officer's access request ({@code candor requests access}),
   * never by an ordinary search.
   */
  SUBJECT_ACCESS_REQUEST;

  /**
   * Returns the purpose's name as written on the command line and in the audit log.
   *
   * @return for example {@code "missing-person"}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Returns every purpose's id, comma-separated, for messages and help.
   *
   * @return {@code "criminal-investigation, missing-person, ..."}
   */
  public static String ids() {
    return Arrays.stream(values()).map(SearchPurpose::id).collect(Collectors.joining(", "));
  }

  /**
   * Parses a purpose id.
   *
   * @param id the id, such as {@code "missing-person"}; case is ignored
   * @return the purpose
   * @throws InvalidRequestException if {@code id} is null or blank (message {@code "a search
   *     requires a purpose, one of criminal-investigation, ..."}) or names no purpose (message
   *     {@code "unknown search purpose 'x', expected one of criminal-investigation, ..."})
   */
  public static SearchPurpose parse(String id) {
    if (id == null || id.isBlank()) {
      throw new InvalidRequestException("a search requires a purpose, one of " + ids());
    }
    for (SearchPurpose purpose : values()) {
      if (purpose.id().equalsIgnoreCase(id.strip())) {
        return purpose;
      }
    }
    throw new InvalidRequestException(
        "unknown search purpose '" + id + "', expected one of " + ids());
  }
}
