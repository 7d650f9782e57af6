package candor.core.transparency;

import candor.core.eval.DemographicReport;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The transparency report: aggregate counts per month, computed from the audit log, so that an
 * oversight body or the public can see how much the system is used and for what, without any
 * personal data.
 *
 * @param generated when it was computed
 * @param auditEntries how many audit entries it was computed from
 * @param months one entry per month with activity, oldest first; copied
 * @param checkpoints the signed checkpoints of the audit chain, oldest first, so that anyone can
 *     ask the oversight bodies holding the receipts to check them; copied
 * @param demographics the demographic measurement recorded for each model pack (per-group error
 *     rates, the data set, its limits and the date; without DET curves), by pack; copied
 * @param rights how people's requests about their own faces were answered, and the faces the
 *     do-not-enrol list kept out
 */
public record TransparencyReport(Instant generated, long auditEntries, List<MonthlyCounts> months,
    List<Checkpoint> checkpoints, List<DemographicReport> demographics, RightsCounts rights) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public TransparencyReport {
    Objects.requireNonNull(generated, "generated");
    months = List.copyOf(months);
    checkpoints = List.copyOf(checkpoints);
    demographics = List.copyOf(demographics);
    Objects.requireNonNull(rights, "rights");
  }

  /**
   * A report without checkpoints or demographic measurements.
   *
   * @param generated when it was computed
   * @param auditEntries how many audit entries it was computed from
   * @param months one entry per month with activity, oldest first; copied
   */
  public TransparencyReport(Instant generated, long auditEntries, List<MonthlyCounts> months) {
    this(generated, auditEntries, months, List.of(), List.of(), RightsCounts.none());
  }

  /**
   * A signed checkpoint of the audit chain, as the log records it ({@code audit.checkpoint}).
   *
   * @param sequence the last entry the checkpoint's receipt covers
   * @param time when it was signed
   * @param keyId the signing key's id (hex SHA-256 of its public key)
   */
  public record Checkpoint(long sequence, Instant time, String keyId) {}
}
