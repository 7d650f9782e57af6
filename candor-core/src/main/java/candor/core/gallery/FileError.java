package candor.core.gallery;

import java.util.Objects;

/**
 * An input file that could not be ingested, and why. Nothing of it was stored.
 *
 * @param file the file's name as given (a path, or {@code archive.zip!entry})
 * @param error a one-line reason that starts with the file's name
 */
public record FileError(String file, String error) {

  /**
   * Validates the error.
   *
   * @throws NullPointerException if an argument is null
   */
  public FileError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(error, "error");
  }
}
