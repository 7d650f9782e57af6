package candor.core.audit;

/**
 * What checking one receipt against the audit log found: that the log still extends it, or which
 * attack (or damage) it reveals. {@link ReceiptVerifier} documents how each is told apart.
 */
public enum ReceiptStatus {
  /** The log still extends the receipt: its entry has the signed hash and the chain is intact. */
  VERIFIED("verified"),
  /** The receipt itself was changed after signing, or its key id does not name its key. */
  FORGED("forged receipt"),
  /** The receipt is signed by a key other than the trusted one (or than the other receipts'). */
  UNTRUSTED_KEY("untrusted key"),
  /** The log holds no entry at all, though the receipt vouches for some. */
  EMPTIED("emptied log"),
  /** The entry the receipt vouches for is gone, though the log's head or later entries remain. */
  TRUNCATED("truncated log"),
  /**
   * The log is behind the receipt as a whole (head and entries end before it), or was extended
   * again after the receipt was signed: restored from an older copy.
   */
  ROLLED_BACK("rolled back"),
  /** Recomputing the intact chain gives another hash at the receipt's entry: rewritten, re-hashed. */
  REWRITTEN("rewritten chain"),
  /** The chain breaks (an entry altered, missing or added) before or after the receipt's entry. */
  CHAIN_BROKEN("broken chain");

  private final String label;

  ReceiptStatus(String label) {
    this.label = label;
  }

  /**
   * Returns the status in words, as output names it ("truncated log").
   *
   * @return the label, lower case
   */
  public String label() {
    return label;
  }
}
