package candor.core.policy;

import candor.core.gallery.SearchPurpose;
import candor.core.model.InvalidRequestException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules a deployment chooses: which search purposes it allows (a subset of the closed list
 * {@link SearchPurpose}) and how long a supervisor's approval of a multi-collection search lasts
 * at most.
 *
 * @param purposes the purposes searches may state; not empty; copied
 * @param maxApprovalValidity the longest an approval may last, positive
 */
public record PolicyConfig(Set<SearchPurpose> purposes, Duration maxApprovalValidity) {

  /** The longest an approval lasts by default: 30 days. */
  public static final Duration DEFAULT_MAX_APPROVAL_VALIDITY = Duration.ofDays(30);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if no purpose is allowed or the validity is not positive
   * @throws NullPointerException if an argument is null
   */
  public PolicyConfig {
    Objects.requireNonNull(purposes, "purposes");
    if (purposes.isEmpty()) {
      throw new IllegalArgumentException("the policy must allow at least one search purpose");
    }
    purposes = Collections.unmodifiableSet(EnumSet.copyOf(purposes));
    Objects.requireNonNull(maxApprovalValidity, "maxApprovalValidity");
    if (maxApprovalValidity.isNegative() || maxApprovalValidity.isZero()) {
      throw new IllegalArgumentException(
          "maxApprovalValidity must be positive, got " + maxApprovalValidity);
    }
  }

  /**
   * Returns the defaults: every purpose of the closed list, approvals of at most 30 days.
   *
   * @return the configuration
   */
  public static PolicyConfig defaults() {
    return new PolicyConfig(EnumSet.allOf(SearchPurpose.class), DEFAULT_MAX_APPROVAL_VALIDITY);
  }

  /**
   * Returns a copy allowing only the named purposes.
   *
   * @param ids purpose ids such as {@code "missing-person"}
   * @return the new configuration
   * @throws IllegalArgumentException if an id names no purpose
   */
  public PolicyConfig withPurposes(Collection<String> ids) {
    return new PolicyConfig(
        ids.stream().map(SearchPurpose::parse).collect(Collectors.toCollection(
            () -> EnumSet.noneOf(SearchPurpose.class))),
        maxApprovalValidity);
  }

  /**
   * Parses a purpose and checks that this deployment allows it.
   *
   * @param id the purpose's id
   * @return the purpose
   * @throws InvalidRequestException if the id is blank, names no purpose, or names one this
   *     deployment does not allow (message {@code "search purpose 'evaluation' is not allowed
   *     here, expected one of missing-person, ..."})
   */
  public SearchPurpose purpose(String id) {
    SearchPurpose purpose = SearchPurpose.parse(id);
    if (purposes.contains(purpose) == false) {
      throw new InvalidRequestException("search purpose '" + purpose.id()
          + "' is not allowed here, expected one of " + purposeIds());
    }
    return purpose;
  }

  /**
   * Returns the allowed purposes' ids, comma-separated.
   *
   * @return for example {@code "criminal-investigation, missing-person"}
   */
  public String purposeIds() {
    return purposes.stream().map(SearchPurpose::id).collect(Collectors.joining(", "));
  }
}
