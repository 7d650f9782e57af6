package candor.core.policy;

import candor.core.gallery.FalseMatchEstimate;
import candor.core.gallery.ReviewTerms;
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
 * {@link SearchPurpose}), how long a supervisor's approval of a multi-collection search lasts at
 * most, the review threshold that marks candidates weak, and how long a search's probe face is
 * kept for its reviewers at most.
 *
 * @param purposes the purposes searches may state; not empty; copied
 * @param maxApprovalValidity the longest an approval may last, positive
 * @param reviewThreshold the estimated false match rate above which a candidate is weak (greyed
 *     and labelled for reviewers; confirming it needs a reason of at least {@link
 *     Reviews#WEAK_REASON_MIN} characters); candidates without calibration are weak too; in (0, 1]
 * @param probeRetention the longest a search's probe face is kept, sealed, for its reviewers; it
 *     is deleted sooner when every candidate is decided; positive
 */
public record PolicyConfig(Set<SearchPurpose> purposes, Duration maxApprovalValidity,
    double reviewThreshold, Duration probeRetention) {

  /** The longest an approval lasts by default: 30 days. */
  public static final Duration DEFAULT_MAX_APPROVAL_VALIDITY = Duration.ofDays(30);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if no purpose is allowed, the validity or the probe retention
   *     is not positive, or the review threshold is not in (0, 1]
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
    ReviewTerms.checkThreshold(reviewThreshold);
    ReviewTerms.checkRetention(probeRetention);
  }

  /**
   * Creates a configuration with the default review threshold and probe retention.
   *
   * @param purposes the purposes searches may state; not empty
   * @param maxApprovalValidity the longest an approval may last, positive
   */
  public PolicyConfig(Set<SearchPurpose> purposes, Duration maxApprovalValidity) {
    this(purposes, maxApprovalValidity, ReviewTerms.DEFAULT_WEAK_ABOVE,
        ReviewTerms.DEFAULT_PROBE_RETENTION);
  }

  /**
   * Returns the defaults: every purpose of the closed list, approvals of at most 30 days, a review
   * threshold of 1e-3 ({@link ReviewTerms#DEFAULT_WEAK_ABOVE}), probe faces kept 30 days at most.
   *
   * @return the configuration
   */
  public static PolicyConfig defaults() {
    return new PolicyConfig(EnumSet.allOf(SearchPurpose.class), DEFAULT_MAX_APPROVAL_VALIDITY);
  }

  /**
   * Returns a copy with another review threshold.
   *
   * @param threshold the estimated false match rate above which a candidate is weak
   * @return the new configuration
   * @throws IllegalArgumentException if it is not in (0, 1]
   */
  public PolicyConfig withReviewThreshold(double threshold) {
    return new PolicyConfig(purposes, maxApprovalValidity, threshold, probeRetention);
  }

  /**
   * Returns a copy with another probe retention.
   *
   * @param retention the longest a probe face is kept for review
   * @return the new configuration
   * @throws IllegalArgumentException if it is not positive
   */
  public PolicyConfig withProbeRetention(Duration retention) {
    return new PolicyConfig(purposes, maxApprovalValidity, reviewThreshold, retention);
  }

  /**
   * Returns the review terms of a search by a user under this configuration.
   *
   * @param searcher the user who searches
   * @return the terms
   */
  public ReviewTerms reviewTerms(String searcher) {
    return new ReviewTerms(searcher, reviewThreshold, probeRetention);
  }

  /**
   * Returns whether a candidate with this estimate is weak here.
   *
   * @param fmr its estimated false match rate, or {@code null} when not calibrated (weak)
   * @return {@code true} if weak
   */
  public boolean weak(FalseMatchEstimate fmr) {
    return ReviewTerms.weak(fmr, reviewThreshold);
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
        maxApprovalValidity, reviewThreshold, probeRetention);
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
