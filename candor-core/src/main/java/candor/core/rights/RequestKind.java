package candor.core.rights;

import candor.core.model.InvalidRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a person asks about their own faces. Access, erasure and objection start from a photo of
 * the requester: Candor searches every collection for their faces, a person confirms each match,
 * and the request is answered from what was confirmed.
 */
public enum RequestKind {
  /** "Do you hold my face, where from, and what did you do with it?" (GDPR Art. 15). */
  ACCESS,
  /** "Delete my faces" (GDPR Art. 17). */
  ERASURE,
  /** "Stop processing my faces" (GDPR Art. 21); answered by erasure or an overriding basis. */
  OBJECTION,
  /** "Never enrol me": the person's template goes on the do-not-enrol list. */
  OPT_OUT,
  /** "Take me off the do-not-enrol list." */
  OPT_OUT_REMOVAL;

  /**
   * Returns the kind's name as written on the command line, in the API and the audit log.
   *
   * @return for example {@code "access"} or {@code "opt-out-removal"}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Returns whether a request of this kind starts with a search for the requester's faces.
   *
   * @return {@code true} for access, erasure and objection
   */
  public boolean searches() {
    return this == ACCESS || this == ERASURE || this == OBJECTION;
  }

  /**
   * Parses a kind's id, ignoring case.
   *
   * @param id such as {@code "erasure"}
   * @return the kind
   * @throws IllegalArgumentException naming the kinds, if there is no such kind
   */
  public static RequestKind parse(String id) {
    String wanted = id == null ? "" : id.strip().replace('_', '-');
    for (RequestKind kind : values()) {
      if (kind.id().equalsIgnoreCase(wanted)) {
        return kind;
      }
    }
    throw new InvalidRequestException("unknown request kind '" + id + "', expected one of "
        + Arrays.stream(values()).map(RequestKind::id).collect(Collectors.joining(", ")));
  }
}
