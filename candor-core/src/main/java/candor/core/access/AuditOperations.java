package candor.core.access;

import static candor.core.access.Wiring.scope;

import candor.core.audit.AuditCheckpoints;
import candor.core.audit.AuditEntry;
import candor.core.audit.AuditFilter;
import candor.core.audit.AuditScope;
import candor.core.audit.ChainVerification;
import candor.core.audit.CheckpointNotFoundException;
import candor.core.audit.CheckpointReceipt;
import candor.core.audit.CheckpointRefusedException;
import candor.core.audit.CheckpointSigner;
import candor.core.model.InvalidRequestException;
import candor.core.policy.Action;
import candor.core.policy.PolicyDecision;
import candor.core.policy.Principal;
import candor.core.retention.RetentionReport;
import candor.core.retention.RetentionSchedule;
import candor.core.retention.RetentionSweeper;
import candor.core.transparency.Transparency;
import candor.core.transparency.TransparencyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Oversight as a resource: reading and verifying the audit log, the retention schedule and its
 * sweeper, the transparency report and the metrics. An auditor reads only the entries of the
 * collections they are granted; entries about the whole deployment need a grant of every
 * collection (see {@link AuditScope}).
 *
 * <p>Thread-safe.
 */
public final class AuditOperations {

  /** How many entries one store read brings while filtering a page for a scoped reader. */
  private static final int SCAN_BATCH = 1_000;

  /** The most entries one export holds: {@value}. */
  public static final int MAX_EXPORT = 100_000;

  private final Wiring w;
  private final RetentionSweeper retention;
  private final Transparency transparency;

  AuditOperations(Wiring w, RetentionSweeper retention, Transparency transparency) {
    this.w = Objects.requireNonNull(w, "w");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.transparency = Objects.requireNonNull(transparency, "transparency");
  }

  /**
   * Reads a page of the audit log: the first {@code limit} entries after {@code afterSequence}
   * that the principal may read.
   *
   * @param p who asks (an auditor, supervisor or admin)
   * @param afterSequence entries after this one; 0 for the first
   * @param limit the most to return, 1 to 1,000
   * @return the entries, ascending
   */
  public List<AuditEntry> audit(Principal p, long afterSequence, int limit) {
    return audit(p, afterSequence, limit, AuditFilter.NONE);
  }

  /**
   * Reads a page of the audit log that matches a filter: the first {@code limit} entries after
   * {@code afterSequence} that the principal may read and that match. The filter applies after
   * the reader's collection scope, so it never widens what a scoped auditor reads.
   *
   * <p>Cost: a filtered read scans the log in batches from {@code afterSequence} until the page
   * is full, so a rare match costs a read of the rest of the log.
   *
   * @param p who asks (an auditor, supervisor or admin)
   * @param afterSequence entries after this one; 0 for the first
   * @param limit the most to return, 1 to 1,000
   * @param filter what to look for; {@link AuditFilter#NONE} for every entry
   * @return the entries, ascending
   */
  public List<AuditEntry> audit(Principal p, long afterSequence, int limit, AuditFilter filter) {
    w.guard().require(p, Action.AUDIT_READ);
    if (limit < 1 || limit > 1_000) {
      throw new InvalidRequestException("limit must be 1 to 1000, got " + limit);
    }
    if (afterSequence < 0) {
      throw new InvalidRequestException("after must be 0 or more, got " + afterSequence);
    }
    Objects.requireNonNull(filter, "filter");
    if (p.grant().all() && filter.isEmpty()) {
      return w.store().audit().entries(afterSequence, limit);
    }
    return scan(p, afterSequence, limit, filter);
  }

  /**
   * Exports the audit entries that the principal may read and that match a filter, at most
   * {@link #MAX_EXPORT}. The export is audited ({@code policy.allow} on {@code audit:export},
   * with the filter's criteria).
   *
   * @param p who asks (an auditor, supervisor or admin)
   * @param filter what to export; {@link AuditFilter#NONE} for every entry
   * @return the entries, ascending, and whether the cap cut them short
   */
  public AuditExport exportAudit(Principal p, AuditFilter filter) {
    Objects.requireNonNull(filter, "filter");
    w.guard().requireAndRecord(p, Action.AUDIT_READ, scope(), "audit:export", filter.details());
    long head = w.store().audit().headSequence();
    List<AuditEntry> entries = scan(p, 0, MAX_EXPORT + 1, filter);
    boolean capped = entries.size() > MAX_EXPORT;
    return new AuditExport(capped ? entries.subList(0, MAX_EXPORT) : entries, head, capped);
  }

  private List<AuditEntry> scan(Principal p, long afterSequence, int limit, AuditFilter filter) {
    List<AuditEntry> page = new ArrayList<>();
    long after = afterSequence;
    while (page.size() < limit) {
      List<AuditEntry> batch = w.store().audit().entries(after, SCAN_BATCH);
      for (AuditEntry entry : batch) {
        if (AuditScope.readable(entry, p.grant().all(), p.grant().names())
            && filter.matches(entry) && page.size() < limit) {
          page.add(entry);
        }
      }
      if (batch.size() < SCAN_BATCH) {
        break;
      }
      after = batch.getLast().sequence();
    }
    return page;
  }

  /**
   * Returns the sequence number of the last audit entry.
   *
   * @param p who asks (an auditor, supervisor or admin)
   * @return the chain head's sequence
   */
  public long auditHead(Principal p) {
    w.guard().require(p, Action.AUDIT_READ);
    return w.store().audit().headSequence();
  }

  /**
   * Recomputes the audit chain.
   *
   * @param p who asks (an auditor, supervisor or admin)
   * @return the outcome, naming the first broken entry
   */
  public ChainVerification verifyAudit(Principal p) {
    w.guard().require(p, Action.AUDIT_READ);
    return w.store().audit().verify();
  }

  /**
   * Returns the latest signed checkpoint of the audit chain, as recorded in the log.
   *
   * @param p who asks (an auditor, supervisor or admin)
   * @return its receipt
   * @throws CheckpointNotFoundException if none has been signed yet
   */
  public CheckpointReceipt latestCheckpoint(Principal p) {
    w.guard().require(p, Action.AUDIT_READ);
    return new AuditCheckpoints(w.store().audit(), w.clock()).latest()
        .orElseThrow(CheckpointNotFoundException::new);
  }

  /**
   * Signs a checkpoint of the audit chain now, recorded as an {@code audit.checkpoint} entry with
   * the decision.
   *
   * @param p who asks (an admin or auditor)
   * @param signer the service's signing key, or {@code null} if it has none
   * @return the receipt
   * @throws CheckpointRefusedException if there is no signing key, or the chain is broken
   */
  public CheckpointReceipt signCheckpoint(Principal p, CheckpointSigner signer) {
    PolicyDecision decision = w.guard().require(p, Action.AUDIT_CHECKPOINT);
    if (signer == null) {
      throw new CheckpointRefusedException("this service has no audit signing key (start it"
          + " with --signing-key FILE)");
    }
    return new AuditCheckpoints(w.store().audit(), w.clock())
        .sign(signer, p.actor(), Map.of("policy", decision.auditDetails()));
  }

  /**
   * Runs the retention sweeper now.
   *
   * @param p who asks (an admin)
   * @return what was erased
   */
  public RetentionReport runRetention(Principal p) {
    w.guard().requireAndRecord(p, Action.RETENTION_RUN, scope(), "retention", Map.of());
    return retention.run(p.actor());
  }

  /**
   * Returns the published retention schedule.
   *
   * @param p who asks (any role)
   * @return the schedule
   */
  public RetentionSchedule retentionSchedule(Principal p) {
    w.guard().require(p, Action.PUBLIC_READ);
    return retention.schedule();
  }

  /**
   * Returns the transparency report.
   *
   * @param p who asks (any role)
   * @return monthly aggregate counts
   */
  public TransparencyReport transparency(Principal p) {
    w.guard().require(p, Action.PUBLIC_READ);
    return transparency.report();
  }

  /**
   * Checks that the principal may read the service's metrics.
   *
   * @param p who asks (any role)
   */
  public void checkMetrics(Principal p) {
    w.guard().require(p, Action.PUBLIC_READ);
  }
}
