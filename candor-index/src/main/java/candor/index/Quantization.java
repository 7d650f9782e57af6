package candor.index;

/**
 * How an approximate index stores the copies of the templates its graph walk compares; exact
 * rescoring from the float32 templates, kept beside them, makes the returned scores exact
 * whichever is chosen. Fewer bits make each comparison cheaper and the graph smaller, at the
 * cost of rougher estimates, so more candidates are needed for the same recall.
 */
public enum Quantization {

  /** No copies: the graph walk compares the float32 templates themselves. */
  FLOAT32,

  /** One byte per dimension (scalar quantization): 512 bytes for a 512-d template. */
  INT8,

  /** Four bits per dimension: 256 bytes for a 512-d template. */
  INT4,

  /**
   * One bit per dimension (binary quantization with per-vector corrections; the query keeps four
   * bits): 64 bytes for a 512-d template.
   */
  INT1
}
