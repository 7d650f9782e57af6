package candor.index;

/**
 * Thrown when a vector, a query or an existing index folder has a different number of
 * dimensions than the index was configured with.
 *
 * <p>The message has the form {@code "expected dimension 512, got 128"}, optionally followed by
 * where the wrong dimension came from.
 */
public final class DimensionMismatchException extends IndexException {

  private static final long serialVersionUID = 1L;

  /** The dimension the index was configured with. */
  private final int expected;

  /** The dimension that was given or found. */
  private final int actual;

  /**
   * Creates the exception for a vector or query of the wrong length.
   *
   * @param expected the dimension the index was configured with
   * @param actual the dimension that was given
   */
  public DimensionMismatchException(int expected, int actual) {
    super("expected dimension " + expected + ", got " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * Creates the exception naming where the wrong dimension came from, such as an index folder
   * that was written with another configuration.
   *
   * @param expected the dimension the index was configured with
   * @param actual the dimension that was found
   * @param source where {@code actual} was found, appended in parentheses
   */
  public DimensionMismatchException(int expected, int actual, String source) {
    super("expected dimension " + expected + ", got " + actual + " (" + source + ")");
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * Returns the dimension the index was configured with.
   *
   * @return the expected number of dimensions
   */
  public int expected() {
    return expected;
  }

  /**
   * Returns the dimension that was given or found.
   *
   * @return the actual number of dimensions
   */
  public int actual() {
    return actual;
  }
}
