package candor.index;

/**
 * Unchecked root of every failure raised by a {@link VectorIndex}.
 *
 * <p>Subclasses are named for what failed ({@link DimensionMismatchException}, {@link
 * IndexStorageException}, {@link IndexCorruptException}). Bad arguments that are not about the
 * index itself (a null, a non-unit vector) are reported with {@link IllegalArgumentException} or
 * {@link NullPointerException} instead, and using a closed index throws {@link
 * IllegalStateException}.
 */
public abstract class IndexException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message and no cause.
   *
   * @param message what failed, for a human reader
   */
  protected IndexException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the cause it wraps.
   *
   * @param message what failed, with context such as the index folder
   * @param cause the lower-level failure, kept for the stack trace
   */
  protected IndexException(String message, Throwable cause) {
    super(message, cause);
  }
}
