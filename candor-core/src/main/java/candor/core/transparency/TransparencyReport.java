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
 * @param demographics the demographic measurement recorded for each model pack (per-group error
 *     rates, the data set, its limits and the date; without DET curves), by pack; copied
 */
public record TransparencyReport(Instant generated, long auditEntries, List<MonthlyCounts> months,
    List<DemographicReport> demographics) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if an argument is null
   */
  public TransparencyReport {
    Objects.requireNonNull(generated, "generated");
    months = List.copyOf(months);
    demographics = List.copyOf(demographics);
  }

  /**
   * A report without demographic measurements.
   *
   * @param generated when it was computed
   * @param auditEntries how many audit entries it was computed from
   * @param months one entry per month with activity, oldest first
   */
  public TransparencyReport(Instant generated, long auditEntries, List<MonthlyCounts> months) {
    this(generated, auditEntries, months, List.of());
  }
}
