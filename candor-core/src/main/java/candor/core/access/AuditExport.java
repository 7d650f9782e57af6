package candor.core.access;

import candor.core.audit.AuditEntry;
import java.util.List;

/**
 * The entries of an audit export, and whether the export stopped at its cap.
 *
 * @param entries the entries the reader may read that match the filter, ascending; copied
 * @param headSequence the chain head's sequence when the export was read
 * @param capped whether more entries matched than an export holds ({@link
 *     AuditOperations#MAX_EXPORT}): narrow the filter to get the rest
 */
public record AuditExport(List<AuditEntry> entries, long headSequence, boolean capped) {

  /** Copies. */
  public AuditExport {
    entries = List.copyOf(entries);
  }
}
