package candor.index;

import java.nio.file.Path;

/**
 * Thrown when reading or writing an index folder fails: an I/O error, a full disk, a folder
 * that another process holds open for writing.
 *
 * <p>The message names the operation and the folder; the original exception is the cause.
 */
public final class IndexStorageException extends IndexException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a failed operation on an index folder.
   *
   * @param operation what was being done, such as {@code "commit"}
   * @param folder the index folder
   * @param cause the I/O failure
   */
  public IndexStorageException(String operation, Path folder, Throwable cause) {
    super(operation + " failed for the index in " + folder + ": " + cause.getMessage(), cause);
  }
}
