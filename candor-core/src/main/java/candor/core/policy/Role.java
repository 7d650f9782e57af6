package candor.core.policy;

import candor.core.model.InvalidRequestException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The roles an API key is issued with, and the actions each allows. Duties are separated: the
 * admin manages keys and collections but does not search; the enroller adds and erases faces
 * but does not search; the investigator searches and reviews; the supervisor also approves
 * multi-collection searches and reads the audit; the auditor reads the audit and reviews and
 * signs audit checkpoints, nothing else; the privacy officer answers people's requests about
 * their own faces (access, erasure, objection, opt-out) and erases on request, but runs no
 * other search.
 *
 * <p>Every role may read what Candor publishes anyway ({@link Action#PUBLIC_READ}).
 */
public enum Role {
  /**
   * Manages keys and collections, runs retention, erases, maintains the index and moves the
   * gallery to another model pack; never searches.
   */
  ADMIN(EnumSet.of(Action.KEYS_MANAGE, Action.COLLECTION_CREATE, Action.COLLECTION_READ,
      Action.ERASE, Action.AUDIT_READ, Action.AUDIT_CHECKPOINT, Action.RETENTION_RUN,
      Action.INDEX_MANAGE, Action.PACK_MIGRATE,
      Action.PUBLIC_READ)),
  /** Enrols subjects, ingests media and erases them in the collections granted. */
  ENROLLER(EnumSet.of(Action.COLLECTION_READ, Action.SUBJECT_ENROL, Action.SUBJECT_READ,
      Action.MEDIA_INGEST, Action.ERASE, Action.DETECT, Action.PUBLIC_READ)),
  /** Searches the collections granted, for a purpose and a case, and reviews candidates. */
  INVESTIGATOR(EnumSet.of(Action.COLLECTION_READ, Action.SUBJECT_READ, Action.DETECT,
      Action.COMPARE, Action.SEARCH, Action.REVIEW, Action.REVIEW_READ, Action.PUBLIC_READ)),
  /**
   * Does what an investigator does, approves searches across several collections and reads the
   * audit.
   */
  SUPERVISOR(EnumSet.of(Action.COLLECTION_READ, Action.SUBJECT_READ, Action.DETECT,
      Action.COMPARE, Action.SEARCH, Action.SEARCH_APPROVE, Action.REVIEW, Action.REVIEW_READ,
      Action.AUDIT_READ, Action.PUBLIC_READ)),
  /** Reads the audit log and the reviews, and signs audit checkpoints: the oversight role. */
  AUDITOR(EnumSet.of(Action.COLLECTION_READ, Action.REVIEW_READ, Action.AUDIT_READ,
      Action.AUDIT_CHECKPOINT, Action.PUBLIC_READ)),
  /**
   * Answers people's requests about their faces: searches every collection with the requester's
   * own photo (never for any other purpose), reviews the matches, reports, erases confirmed
   * matches on request (never anything else) or records an overriding basis, and keeps the
   * do-not-enrol list. Its key must be granted all collections to search them.
   */
  PRIVACY_OFFICER(EnumSet.of(Action.COLLECTION_READ, Action.REQUEST_HANDLE,
      Action.REQUEST_SEARCH, Action.REQUEST_REVIEW, Action.REQUEST_ERASE, Action.PUBLIC_READ));

  private final Set<Action> allowed;

  Role(EnumSet<Action> allowed) {
    this.allowed = Collections.unmodifiableSet(allowed);
  }

  /**
   * Returns whether the role allows an action (collection grants are checked separately).
   *
   * @param action the action
   * @return {@code true} if the role may perform it
   */
  public boolean allows(Action action) {
    return allowed.contains(action);
  }

  /**
   * Returns the actions the role allows.
   *
   * @return an unmodifiable set
   */
  public Set<Action> allowed() {
    return allowed;
  }

  /**
   * Returns the role's lower-case name with dashes, as written on the command line and in the
   * API.
   *
   * @return {@code "admin"}, {@code "enroller"}, ..., {@code "privacy-officer"}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a role name, ignoring case; a dash and an underscore are the same.
   *
   * @param text the name, such as {@code "investigator"} or {@code "privacy-officer"}
   * @return the role
   * @throws InvalidRequestException naming the valid roles, if there is no such role
   */
  public static Role parse(String text) {
    String wanted = text == null ? "" : text.trim().replace('-', '_');
    for (Role role : values()) {
      if (role.name().equalsIgnoreCase(wanted)) {
        return role;
      }
    }
    throw new InvalidRequestException("unknown role '" + text
        + "', expected one of admin, enroller, investigator, supervisor, auditor,"
        + " privacy-officer");
  }
}
