package candor.index;

import java.nio.file.Path;

/**
 * Thrown when an index folder holds data that fails its checksum or format checks.
 *
 * <p>The index is derived from the SQL store, so the remedy is to move the folder aside and
 * rebuild the index by replaying the store from sequence zero.
 */
public final class IndexCorruptException extends IndexException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a corrupt index folder.
   *
   * @param folder the index folder
   * @param detail what check failed
   * @param cause the lower-level failure, or {@code null}
   */
  public IndexCorruptException(Path folder, String detail, Throwable cause) {
    super("the index in " + folder + " is corrupt: " + detail, cause);
  }
}
