package candor.core.policy;

import candor.core.model.InvalidRequestException;
import java.util.Locale;

/** A reviewer's decision on a search candidate. */
public enum Verdict {
  /** The reviewer judges that the candidate is the person in the probe. */
  CONFIRMED,
  /** The reviewer judges that the candidate is not the person in the probe. */
  REJECTED;

  /**
   * Parses a verdict, ignoring case; {@code confirm} and {@code reject} are accepted too.
   *
   * @param text the verdict
   * @return the verdict
   * @throws InvalidRequestException if the text is neither
   */
  public static Verdict parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "confirmed", "confirm" -> CONFIRMED;
      case "rejected", "reject" -> REJECTED;
      default -> throw new InvalidRequestException(
          "unknown verdict '" + text + "', expected confirmed or rejected");
    };
  }

  /**
   * Returns the verdict's lower-case name.
   *
   * @return {@code "confirmed"} or {@code "rejected"}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
