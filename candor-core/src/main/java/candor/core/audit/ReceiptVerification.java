package candor.core.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking the audit log against receipts: the chain's own verification and one
 * check per receipt.
 *
 * @param chain the recomputed chain, as {@link AuditLog#verify()} reports it
 * @param receipts one check per receipt, in the order given; copied
 * @param keyId the key the receipts were held to: the trusted key, or else the first receipt's;
 *     empty when there was no receipt and no trusted key
 * @param keyTrusted whether that key was named by the caller as trusted, rather than taken from
 *     the first receipt
 */
public record ReceiptVerification(ChainVerification chain, List<ReceiptCheck> receipts,
    Optional<String> keyId, boolean keyTrusted) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   */
  public ReceiptVerification {
    Objects.requireNonNull(chain, "chain");
    receipts = List.copyOf(receipts);
    Objects.requireNonNull(keyId, "keyId");
  }

  /**
   * Returns whether everything verifies: the chain is intact and the log extends every receipt.
   *
   * @return {@code true} only then
   */
  public boolean isIntact() {
    return chain.isIntact() && receipts.stream().allMatch(ReceiptCheck::verified);
  }
}
