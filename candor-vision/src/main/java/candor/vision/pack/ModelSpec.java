package candor.vision.pack;

import java.util.Objects;

/**
 * One model of a pack.
 *
 * @param kind the implementation, e.g. {@code rfb320}, {@code yunet}, {@code landmark68}, {@code arcface112}
 * @param file the file name, looked up in the model store folders
 * @param sha256 the expected SHA-256 of the file, lower-case hex
 */
public record ModelSpec(String kind, String file, String sha256) {
  public ModelSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(file, "file");
    if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(file + ": sha256 must be 64 hex digits, got " + sha256);
    }
    sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
  }
}
