package candor.core.gallery;

import candor.core.model.BoundingBox;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a search found: a candidate list for human review, with the audit record that the search
 * happened.
 *
 * @param searchId the search's id, recorded in its audit entry
 * @param auditSequence the sequence number of the audit entry
 * @param at when the search was audited
 * @param purpose why it was run
 * @param caseRef the case it served
 * @param probeSha256 the SHA-256 of the probe photo (the photo itself is not kept)
 * @param facesInProbe how many faces the probe photo holds
 * @param probeBox the face searched with, in pixels of the probe, or {@code null} when the probe
 *     holds no face (then there are no candidates)
 * @param modelId the template model searched (only faces of this model are compared)
 * @param pack the model pack that embedded the probe (the gallery's current pack; during a
 *     migration to another pack, still the old one)
 * @param candidates the candidates, most similar first; copied
 * @param probeKeptUntil when the crop of the searched face, kept sealed for the reviewers, is
 *     deleted at the latest (sooner when every candidate is decided); {@code null} when none is
 *     kept (no candidates, or a search run without {@link ReviewTerms})
 */
public record SearchResult(
    String searchId,
    long auditSequence,
    Instant at,
    SearchPurpose purpose,
    String caseRef,
    String probeSha256,
    int facesInProbe,
    BoundingBox probeBox,
    String modelId,
    String pack,
    List<Candidate> candidates,
    Instant probeKeptUntil) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a required component is null
   */
  public SearchResult {
    Objects.requireNonNull(searchId, "searchId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(caseRef, "caseRef");
    Objects.requireNonNull(probeSha256, "probeSha256");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(pack, "pack");
    candidates = List.copyOf(candidates);
  }

  /**
   * Returns whether the probe held a face to search with.
   *
   * @return {@code false} when no face was found in the probe
   */
  public boolean probeHasFace() {
    return probeBox != null;
  }
}
