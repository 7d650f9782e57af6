package candor.core.policy;

import candor.core.model.InvalidRequestException;

/** Checks of free-text fields shared by this package; messages name the field. */
final class Texts {

  private Texts() {}

  /** Returns {@code value} if it is not blank and at most {@code max} characters, else throws. */
  static String require(String name, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException("a " + name + " is required");
    }
    if (value.length() > max) {
      throw new InvalidRequestException(
          name + " must be at most " + max + " characters, got " + value.length());
    }
    return value;
  }
}
