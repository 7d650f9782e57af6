package candor.core.audit;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs checkpoints of the audit chain and finds the latest one. A checkpoint is a {@link
 * CheckpointReceipt} of the chain head, signed by a key kept outside the database, and recorded
 * in the log itself as an {@value #ACTION} entry appended right after signing: so a receipt
 * covers the chain up to just before its own entry, and the entry keeps the whole receipt
 * (details {@code sequence}, {@code head_hash}, {@code key_id}, {@code time}, {@code version},
 * {@code public_key}, {@code signature}) for {@link #latest()} to serve.
 *
 * <p>The signature stays meaningful only while its key is out of reach of whoever can write the
 * database: the receipts an oversight body keeps elsewhere are the anchor; the copies in the log
 * are a convenience that a database writer could delete.
 *
 * <p>Thread-safe; holds no state of its own.
 */
public final class AuditCheckpoints {

  /** The audit action of the entry recording a checkpoint. */
  public static final String ACTION = "audit.checkpoint";

  /** The actor of the checkpoints the service signs on its schedule. */
  public static final String SYSTEM_ACTOR = "system:checkpoint";

  private final AuditLog log;
  private final Clock clock;

  /**
   * Creates the checkpoints of a log.
   *
   * @param log the audit log
   * @param clock the clock for the receipts' times
   */
  public AuditCheckpoints(AuditLog log, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Recomputes the chain, signs its head, and appends the {@value #ACTION} entry that records the
   * receipt: {@link #signHead} then {@link #record}. Reads the whole log (0.7 s for 200,000
   * SQLite entries on a busy 2-core machine; {@code candor.bench.core.AuditChainBenchmark}).
   *
   * @param signer the key to sign with
   * @param actor who asks, as the audit names them
   * @param details more facts for the entry (the policy decision), beside the receipt's fields;
   *     no biometric data
   * @return the receipt, covering the chain up to just before its own entry
   * @throws CheckpointRefusedException if the chain is broken
   * @throws candor.core.store.StoreException if the database fails
   */
  public CheckpointReceipt sign(CheckpointSigner signer, String actor,
      Map<String, Object> details) {
    CheckpointReceipt receipt = signHead(signer);
    record(receipt, actor, details);
    return receipt;
  }

  /**
   * Recomputes the chain and signs its head, without recording anything yet (the caller keeps
   * the receipt first, then calls {@link #record}). Reads the whole log.
   *
   * @param signer the key to sign with
   * @return the receipt of the chain as it is now
   * @throws CheckpointRefusedException if the chain is broken (message {@code "the audit chain is
   *     broken at entry 5 (entry 5 was altered ...): a checkpoint must not vouch for it"})
   * @throws candor.core.store.StoreException if the database fails
   */
  public CheckpointReceipt signHead(CheckpointSigner signer) {
    Objects.requireNonNull(signer, "signer");
    String[] headHash = new String[1];
    AuditChain.Verifier[] verifier = new AuditChain.Verifier[1];
    log.scan(new AuditLog.ChainReader() {
      @Override
      public void head(long sequence, String hash) {
        headHash[0] = hash;
        verifier[0] = AuditChain.verifier(sequence, hash);
      }

      @Override
      public boolean entry(AuditEntry entry) {
        return verifier[0].accept(entry);
      }
    });
    ChainVerification chain = verifier[0].result();
    if (chain.isIntact() == false) {
      throw new CheckpointRefusedException("the audit chain is broken at entry "
          + chain.firstBroken().getAsLong() + " (" + chain.problem().orElseThrow()
          + "): a checkpoint must not vouch for it");
    }
    return signer.sign(chain.headSequence(), headHash[0], clock.instant());
  }

  /**
   * Appends the {@value #ACTION} entry that records a receipt (object {@code
   * "checkpoint:<sequence>"}, details the receipt's fields and {@code details}).
   *
   * @param receipt the receipt just signed
   * @param actor who asked for it
   * @param details more facts for the entry (the policy decision); no biometric data
   * @return the entry
   * @throws candor.core.store.StoreException if the database fails
   */
  public AuditEntry record(CheckpointReceipt receipt, String actor, Map<String, Object> details) {
    Objects.requireNonNull(receipt, "receipt");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(details, "details");
    Map<String, Object> all = new LinkedHashMap<>(details);
    all.putAll(receipt.details());
    return log.append(new AuditEvent(actor, ACTION, "checkpoint:" + receipt.sequence(), all));
  }

  /**
   * Returns the receipt of the latest checkpoint recorded in the log.
   *
   * @return the receipt, or empty if none has been signed (or its entry does not hold one)
   */
  public Optional<CheckpointReceipt> latest() {
    return log.last(ACTION).flatMap(AuditCheckpoints::receipt);
  }

  /**
   * Returns whether anything was appended to the log since the latest checkpoint's own entry:
   * whether a new checkpoint would cover more than the last one.
   *
   * @return {@code true} if the log holds entries and none is a checkpoint, or the last entry is
   *     not the latest checkpoint's
   */
  public boolean headMovedSinceLatest() {
    long head = log.headSequence();
    return log.last(ACTION).map(entry -> head > entry.sequence()).orElse(head > 0);
  }

  /** The receipt an {@value #ACTION} entry records, if its details hold one. */
  static Optional<CheckpointReceipt> receipt(AuditEntry entry) {
    try {
      return Optional.of(CheckpointReceipt.fromDetails(entry.detailsJson()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
