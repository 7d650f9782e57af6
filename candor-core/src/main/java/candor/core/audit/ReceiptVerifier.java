package candor.core.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the audit log against receipts kept outside the database: proves that the log still
 * extends each receipt (the entry at the receipt's sequence exists, the chain recomputed up to it
 * gives exactly the receipt's {@code head_hash}, and the chain from there to the head is intact),
 * or names what was done to it. The chain alone only convinces someone who trusts the database:
 * whoever can write it can drop the append-only triggers, rewrite entries and re-hash the chain
 * and its head. A receipt, signed by a key the database never held, cannot be re-signed.
 *
 * <p>Each receipt gets one {@link ReceiptStatus}, decided in this order ({@code N} the receipt's
 * sequence, {@code H} its hash):
 *
 * <ol>
 *   <li>{@link ReceiptStatus#FORGED}: its key id is not its public key's, or its signature does
 *       not verify (a field was edited after signing);
 *   <li>{@link ReceiptStatus#UNTRUSTED_KEY}: signed by another key than the trusted one, or,
 *       when none is named, than the first receipt's (all receipts must come from one key);
 *   <li>{@link ReceiptStatus#EMPTIED}: the log holds no entry at all while {@code N > 0}
 *       (whether or not the head was reset);
 *   <li>entry {@code N} is not stored: {@link ReceiptStatus#ROLLED_BACK} when the whole log is
 *       consistently behind the receipt (the head is before {@code N}, no entry is stored past
 *       it and the chain up to it is intact: a restored backup, or a log cut short with its head
 *       reset, which looks the same); else {@link ReceiptStatus#TRUNCATED} (the entries are gone
 *       but the head or later entries still show the log went further);
 *   <li>the chain breaks before entry {@code N}: {@link ReceiptStatus#CHAIN_BROKEN};
 *   <li>the recomputed hash at {@code N} differs from {@code H}: {@link
 *       ReceiptStatus#ROLLED_BACK} when entry {@code N} is dated after the receipt was signed
 *       (the log went back to an older copy and was extended again; entries are appended before
 *       the receipt that covers them is signed); else {@link ReceiptStatus#REWRITTEN};
 *   <li>the chain breaks after entry {@code N}: {@link ReceiptStatus#CHAIN_BROKEN};
 *   <li>else {@link ReceiptStatus#VERIFIED}.
 * </ol>
 *
 * <p>Every status but {@code VERIFIED} means the log cannot be trusted; the names say how it most
 * likely came about. Telling a rollback that was extended from a rewrite relies on entry times,
 * which a careful forger keeps: the signature of a receipt, not the name, is the proof.
 *
 * <p>Reads the whole log once, as {@link AuditLog#verify()} does, and keeps only the entries at
 * the receipts' sequence numbers: as fast as the chain alone, 0.7 s for 200,000 SQLite entries
 * (1.1 s on the first, cold run) on a busy 2-core machine ({@code
 * candor.bench.core.AuditChainBenchmark}). Stateless.
 */
public final class ReceiptVerifier {

  private ReceiptVerifier() {}

  /**
   * Checks the log against receipts.
   *
   * @param log the audit log
   * @param receipts the receipts, any order, any number (none: the chain alone is checked)
   * @param trustedKeyId the key id every receipt must be signed with (64 lower-case hex digits),
   *     or empty to require only that they share the first receipt's key
   * @return the chain's verification and one check per receipt
   * @throws candor.core.store.StoreException if the database fails
   */
  public static ReceiptVerification verify(AuditLog log, List<CheckpointReceipt> receipts,
      Optional<String> trustedKeyId) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(receipts, "receipts");
    Objects.requireNonNull(trustedKeyId, "trustedKeyId");
    Set<Long> wanted = new HashSet<>();
    for (CheckpointReceipt receipt : receipts) {
      wanted.add(receipt.sequence());
    }
    Scan scan = new Scan(wanted);
    log.scan(scan);
    ChainVerification chain = scan.verifier.result();
    Optional<String> keyId = trustedKeyId.isPresent() ? trustedKeyId
        : receipts.stream().findFirst().map(CheckpointReceipt::keyId);
    List<ReceiptCheck> checks = new ArrayList<>(receipts.size());
    for (CheckpointReceipt receipt : receipts) {
      checks.add(check(receipt, scan, chain, keyId.orElseThrow(), trustedKeyId.isPresent()));
    }
    return new ReceiptVerification(chain, checks, keyId, trustedKeyId.isPresent());
  }

  private static ReceiptCheck check(CheckpointReceipt r, Scan scan, ChainVerification chain,
      String keyId, boolean trusted) {
    long n = r.sequence();
    Optional<String> forged = r.signatureProblem();
    if (forged.isPresent()) {
      return new ReceiptCheck(r, ReceiptStatus.FORGED, "forged receipt: " + forged.get());
    }
    if (r.keyId().equals(keyId) == false) {
      return new ReceiptCheck(r, ReceiptStatus.UNTRUSTED_KEY, trusted
          ? "untrusted key: signed by key " + r.keyId() + ", not by the trusted key " + keyId
          : "untrusted key: signed by key " + r.keyId() + ", while the first receipt is signed"
              + " by key " + keyId + " (receipts must come from one key; name the trusted one)");
    }
    if (n > 0 && scan.stored == 0) {
      return new ReceiptCheck(r, ReceiptStatus.EMPTIED, "emptied log: the audit log holds no"
          + " entry (its head says entry " + scan.headSequence + "), but the receipt vouches for "
          + n + " entries");
    }
    Seen seen = scan.seen.get(n);
    if (n > 0 && seen == null) {
      if (scan.headSequence < n && scan.maxStored <= scan.headSequence && chain.isIntact()) {
        return new ReceiptCheck(r, ReceiptStatus.ROLLED_BACK, "rolled back: the log ends at entry "
            + scan.headSequence + ", before entry " + n + " that the receipt vouches for (it was"
            + " restored from an older copy, or cut short and its head reset)");
      }
      return new ReceiptCheck(r, ReceiptStatus.TRUNCATED, "truncated log: entry " + n
          + ", which the receipt vouches for, is gone (" + scan.stored + " entries are stored, up"
          + " to entry " + scan.maxStored + "; the head says entry " + scan.headSequence + ")");
    }
    String recomputed = n == 0 ? AuditChain.GENESIS : seen.accepted() ? seen.entry().hash() : null;
    if (recomputed == null) {
      return new ReceiptCheck(r, ReceiptStatus.CHAIN_BROKEN, "broken chain: the chain breaks at"
          + " entry " + chain.firstBroken().getAsLong() + ", before entry " + n + " that the"
          + " receipt vouches for: " + chain.problem().orElseThrow());
    }
    if (recomputed.equals(r.headHash()) == false) {
      if (seen != null && seen.entry().time().isAfter(r.time())) {
        return new ReceiptCheck(r, ReceiptStatus.ROLLED_BACK, "rolled back: entry " + n
            + " was written at " + seen.entry().time() + ", after the receipt was signed at "
            + r.time() + ", and recomputes to hash " + recomputed + ", not the signed " + r.headHash()
            + " (the log was restored from an older copy and went on)");
      }
      return new ReceiptCheck(r, ReceiptStatus.REWRITTEN, "rewritten chain: recomputing the chain"
          + " gives hash " + recomputed + " at entry " + n + ", but the receipt signed "
          + r.headHash() + " (entries up to " + n + " were changed and the chain re-hashed)");
    }
    if (chain.isIntact() == false) {
      return new ReceiptCheck(r, ReceiptStatus.CHAIN_BROKEN, "broken chain: entry " + n
          + " has the signed hash, but the chain breaks after it at entry "
          + chain.firstBroken().getAsLong() + ": " + chain.problem().orElseThrow());
    }
    return new ReceiptCheck(r, ReceiptStatus.VERIFIED, "the log still extends it: entry " + n
        + " has the signed hash and the chain from there to the head (entry "
        + chain.headSequence() + ") is intact");
  }

  /** A stored entry at a receipt's sequence, and whether the chain was intact up to it. */
  private record Seen(AuditEntry entry, boolean accepted) {}

  /**
   * Reads the whole log once: feeds the chain verifier, counts the stored entries, and keeps the
   * entries at the wanted sequence numbers (only those, so memory does not grow with the log).
   */
  private static final class Scan implements AuditLog.ChainReader {
    private final Set<Long> wanted;
    private final Map<Long, Seen> seen = new HashMap<>();
    private AuditChain.Verifier verifier;
    private boolean broken;
    private long headSequence;
    private long stored;
    private long maxStored;

    Scan(Set<Long> wanted) {
      this.wanted = wanted;
    }

    @Override
    public void head(long sequence, String hash) {
      headSequence = sequence;
      verifier = AuditChain.verifier(sequence, hash);
    }

    @Override
    public boolean entry(AuditEntry entry) {
      stored++;
      maxStored = Math.max(maxStored, entry.sequence());
      // Past the first break the verifier accepts nothing more; reading on still tells which
      // entries exist, which names a truncation.
      boolean accepted = broken == false && verifier.accept(entry);
      broken = accepted == false;
      if (wanted.contains(entry.sequence())) {
        seen.putIfAbsent(entry.sequence(), new Seen(entry, accepted));
      }
      return true;
    }
  }
}
