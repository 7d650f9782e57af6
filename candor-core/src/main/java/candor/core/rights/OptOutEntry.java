package candor.core.rights;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An entry of the do-not-enrol list: a person who asked never to be enrolled. The entry's
 * template (the person's face, sealed under the entry's own data key) is checked against every
 * face an ingest would store; it is never returned by this record.
 *
 * @param id the entry's id
 * @param modelId the template's model: faces of other models are not compared with it
 * @param consentReference the reference of the person's consent to keep their template for this
 * @param requestId the opt-out request that added it
 * @param createdBy who added it
 * @param created when
 */
public record OptOutEntry(
    UUID id, String modelId, String consentReference, UUID requestId, String createdBy,
    Instant created) {

  /**
   * Validates.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the consent reference is blank
   */
  public OptOutEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(consentReference, "consentReference");
    if (consentReference.isBlank()) {
      throw new IllegalArgumentException(
          "an opt-out requires the reference of the person's consent to keep their template");
    }
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(created, "created");
  }
}
