package candor.core.review;

import candor.core.audit.CheckpointReceipt;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a case's report holds, assembled for one reader and rendered elsewhere (the service
 * renders it as PDF): the case file, the probe face of each search while it is kept, the crops of
 * the candidates the reader may see, the latest signed checkpoint of the audit chain, and the
 * standing statement that candidates are leads.
 *
 * <p>Privacy: holds face images (probes and candidates); the report's export is audited with
 * what it included.
 *
 * @param file the case file, as the reader may see it
 * @param preparedBy who exported it (the actor)
 * @param preparedAt when
 * @param auditSequence the sequence number of the audit entry that records this export
 * @param probes each search's probe face (JPEG), by search id, for the searches whose probe is
 *     still kept; copied (the arrays are not)
 * @param crops each candidate's crop (JPEG), by store face id, for the faces the reader may see
 *     that have one; copied (the arrays are not)
 * @param checkpoint the latest signed checkpoint of the audit chain, or empty when none was
 *     signed yet
 */
public record CaseReport(
    CaseFile file,
    String preparedBy,
    Instant preparedAt,
    long auditSequence,
    Map<String, byte[]> probes,
    Map<Long, byte[]> crops,
    Optional<CheckpointReceipt> checkpoint) {

  /** The standing statement every case report carries. */
  public static final String STATEMENT = "The candidates in this report are investigative leads,"
      + " not identifications. A face search ranks the faces most similar to the probe; any"
      + " of them may be a different person, however high their similarity. A candidate is"
      + " identified only when two different reviewers have confirmed it and nobody has"
      + " rejected it, and even then the identification must be corroborated by other evidence"
      + " before anyone acts on it.";

  /**
   * Validates and copies the maps.
   *
   * @throws NullPointerException if an argument is null
   */
  public CaseReport {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(preparedBy, "preparedBy");
    Objects.requireNonNull(preparedAt, "preparedAt");
    probes = Map.copyOf(probes);
    crops = Map.copyOf(crops);
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
