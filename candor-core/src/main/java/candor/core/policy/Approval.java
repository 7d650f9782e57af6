package candor.core.policy;

import candor.core.gallery.SearchPurpose;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A supervisor's approval, recorded before the search, of searches that span several
 * collections or all of them, for one case and purpose, until it expires.
 *
 * @param id the approval's id
 * @param caseRef the case the searches serve
 * @param purpose the purpose they state
 * @param scope the collections they may span
 * @param investigator the user allowed to run them, or empty for any user but the approver
 * @param approvedBy the supervisor (a user name)
 * @param approverKey the supervisor's key id
 * @param note why the supervisor approved
 * @param created when
 * @param expires when it stops covering searches
 */
public record Approval(
    String id,
    String caseRef,
    SearchPurpose purpose,
    CollectionGrant scope,
    Optional<String> investigator,
    String approvedBy,
    String approverKey,
    String note,
    Instant created,
    Instant expires) {

  /**
   * Validates.
   *
   * @throws NullPointerException if an argument is null
   */
  public Approval {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(caseRef, "caseRef");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(investigator, "investigator");
    Objects.requireNonNull(approvedBy, "approvedBy");
    Objects.requireNonNull(approverKey, "approverKey");
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
  }

  /**
   * Returns why this approval does not cover a search, or empty if it does.
   *
   * @param searcher who searches
   * @param purpose the search's purpose
   * @param caseRef the search's case
   * @param searched the collections searched
   * @param now the time of the search
   * @return the reason it does not apply, or empty
   */
  public Optional<String> mismatch(Principal searcher, SearchPurpose purpose, String caseRef,
      CollectionGrant searched, Instant now) {
    if (this.caseRef.equals(caseRef) == false) {
      return Optional.of("approval " + id + " is for case " + this.caseRef);
    }
    if (this.purpose != purpose) {
      return Optional.of("approval " + id + " is for purpose " + this.purpose.id());
    }
    if (now.isBefore(expires) == false) {
      return Optional.of("approval " + id + " expired at " + expires);
    }
    if (approvedBy.equals(searcher.user())) {
      return Optional.of("approval " + id + " was given by " + approvedBy
          + ", who cannot approve their own searches");
    }
    if (investigator.isPresent() && investigator.get().equals(searcher.user()) == false) {
      return Optional.of("approval " + id + " is for user " + investigator.get());
    }
    if (scope.all() == false) {
      if (searched.all()) {
        return Optional.of("approval " + id + " covers " + scope + ", not all collections");
      }
      for (String name : searched.names()) {
        if (scope.covers(name) == false) {
          return Optional.of("approval " + id + " does not cover collection " + name);
        }
      }
    }
    return Optional.empty();
  }
}
