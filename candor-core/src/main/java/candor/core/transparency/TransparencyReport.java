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
 * @param packs the model packs whose templates the gallery holds, with their licences and how many
 *     faces each model has; copied
 */
public record TransparencyReport(Instant generated, long auditEntries, List<MonthlyCounts> months,
    List<Checkpoint> checkpoints, List<DemographicReport> demographics, RightsCounts rights,
    List<PackUse> packs) {

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
    packs = List.copyOf(packs);
  }

  /**
   * A report without checkpoints or demographic measurements.
   *
   * @param generated when it was computed
   * @param auditEntries how many audit entries it was computed from
   * @param months one entry per month with activity, oldest first; copied
   */
  public TransparencyReport(Instant generated, long auditEntries, List<MonthlyCounts> months) {
    this(generated, auditEntries, months, List.of(), List.of(), RightsCounts.none(), List.of());
  }

  /**
   * A signed checkpoint of the audit chain, as the log records it ({@code audit.checkpoint}).
   *
   * @param sequence the last entry the checkpoint's receipt covers
   * @param time when it was signed
   * @param keyId the signing key's id (hex SHA-256 of its public key)
   */
  public record Checkpoint(long sequence, Instant time, String keyId) {}

  /**
   * The templates of one model the gallery holds, and the pack that made them.
   *
   * @param modelId the template model id
   * @param pack the pack that first stored templates of it, or {@code (not recorded)} for
   *     templates stored before packs were recorded
   * @param licence its licence's id, or empty when not recorded
   * @param licenceUse what the licence allows ({@code open}, {@code non-commercial}, ...), or empty
   * @param trainingData the training data and its terms, as declared, or empty
   * @param faces how many faces have a template of this model
   */
  public record PackUse(String modelId, String pack, String licence, String licenceUse, String trainingData,
      long faces) {}
}
