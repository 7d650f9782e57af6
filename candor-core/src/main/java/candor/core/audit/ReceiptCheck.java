package candor.core.audit;

import java.util.Objects;

/**
 * The outcome of checking one receipt against the audit log.
 *
 * @param receipt the receipt checked
 * @param status what was found
 * @param detail what was found in words, naming entries and hashes, for a person to read
 */
public record ReceiptCheck(CheckpointReceipt receipt, ReceiptStatus status, String detail) {

  /**
   * Checks that no component is null.
   *
   * @throws NullPointerException if one is
   */
  public ReceiptCheck {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * Returns whether the log still extends this receipt.
   *
   * @return {@code true} for {@link ReceiptStatus#VERIFIED}
   */
  public boolean verified() {
    return status == ReceiptStatus.VERIFIED;
  }
}
