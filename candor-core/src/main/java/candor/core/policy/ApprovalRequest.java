package candor.core.policy;

import candor.core.gallery.SearchPurpose;
import candor.core.model.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/**
 * What a supervisor approves: multi-collection searches for a case and purpose.
 *
 * @param caseRef the case; not blank, at most 256 characters
 * @param purpose the purpose
 * @param scope the collections the searches may span: all, or at least two
 * @param investigator the user allowed to run them, or {@code null} for any user but the approver
 * @param note why; not blank, at most 4,096 characters
 * @param validFor how long the approval lasts, positive (the policy caps it)
 */
public record ApprovalRequest(
    String caseRef,
    SearchPurpose purpose,
    CollectionGrant scope,
    String investigator,
    String note,
    Duration validFor) {

  /**
   * Validates.
   *
   * @throws InvalidRequestException if the case or note is blank or too long, the scope is a
   *     single collection (message {@code "a search of one collection needs no approval"}), or
   *     the validity is not positive
   * @throws NullPointerException if the purpose, scope or validity is null
   */
  public ApprovalRequest {
    Texts.require("case reference", caseRef, 256);
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(scope, "scope");
    if (scope.all() == false && scope.names().size() < 2) {
      throw new InvalidRequestException("a search of one collection needs no approval;"
          + " approve all collections ('*') or at least two");
    }
    if (investigator != null) {
      Principal.checkUser(investigator);
    }
    Texts.require("note", note, 4_096);
    Objects.requireNonNull(validFor, "validFor");
    if (validFor.isNegative() || validFor.isZero()) {
      throw new InvalidRequestException("validFor must be positive, got " + validFor);
    }
  }
}
