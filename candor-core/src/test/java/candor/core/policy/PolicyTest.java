package candor.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {

  static final Policy POLICY = new Policy(PolicyConfig.defaults());

  static Principal principal(Role role, String... collections) {
    return new Principal("k0123456789ab", "alice", role, CollectionGrant.of(List.of(collections)));
  }

  @Test
  void duties_are_separated_between_roles() {
    assertThat(Role.ADMIN.allows(Action.SEARCH)).isFalse();
    assertThat(Role.ENROLLER.allows(Action.SEARCH)).isFalse();
    assertThat(Role.AUDITOR.allows(Action.SEARCH)).isFalse();
    assertThat(Role.INVESTIGATOR.allows(Action.SEARCH_APPROVE)).isFalse();
    assertThat(Role.SUPERVISOR.allows(Action.SEARCH_APPROVE)).isTrue();
    assertThat(Role.INVESTIGATOR.allows(Action.KEYS_MANAGE)).isFalse();
    assertThat(Role.AUDITOR.allows(Action.ERASE)).isFalse();
    for (Role role : Role.values()) {
      assertThat(role.allows(Action.PUBLIC_READ)).as(role.label()).isTrue();
    }
    Set<Role> keyManagers = EnumSet.noneOf(Role.class);
    for (Role role : Role.values()) {
      if (role.allows(Action.KEYS_MANAGE)) {
        keyManagers.add(role);
      }
    }
    assertThat(keyManagers).containsExactly(Role.ADMIN);
  }

  @Test
  void the_privacy_officer_answers_requests_and_searches_reviews_or_erases_nothing_else() {
    Role officer = Role.PRIVACY_OFFICER;
    assertThat(officer.allowed()).containsExactlyInAnyOrder(Action.COLLECTION_READ,
        Action.REQUEST_HANDLE, Action.REQUEST_SEARCH, Action.REQUEST_REVIEW, Action.REQUEST_ERASE,
        Action.PUBLIC_READ);
    for (Role role : Role.values()) {
      assertThat(role.allows(Action.REQUEST_SEARCH)).as(role.label())
          .isEqualTo(role == Role.PRIVACY_OFFICER);
    }
    PolicyDecision named = POLICY.decide(principal(officer, "a"), Action.REQUEST_SEARCH,
        CollectionGrant.allCollections());
    assertThat(named.allowed()).isFalse();
    assertThat(POLICY.decide(principal(officer, "*"), Action.REQUEST_SEARCH,
        CollectionGrant.allCollections()).allowed()).isTrue();
    assertThat(POLICY.decide(principal(officer, "*"), Action.SEARCH,
        CollectionGrant.of(List.of("a"))).reason())
        .isEqualTo("role privacy-officer may not search collections");
  }

  @Test
  void a_role_that_lacks_the_action_is_denied_with_the_reason() {
    PolicyDecision d = POLICY.decide(principal(Role.INVESTIGATOR, "*"), Action.KEYS_MANAGE);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("role investigator may not manage API keys");
  }

  @Test
  void a_collection_not_granted_is_denied_and_named() {
    PolicyDecision d = POLICY.decide(principal(Role.INVESTIGATOR, "archive"), Action.SEARCH,
        CollectionGrant.of(List.of("archive", "watch")));
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("key k0123456789ab is not granted collection watch");
    assertThat(d.collections()).containsExactly("archive", "watch");
  }

  @Test
  void all_collections_need_a_key_granted_all() {
    PolicyDecision named = POLICY.decide(principal(Role.SUPERVISOR, "a", "b"), Action.SEARCH,
        CollectionGrant.allCollections());
    assertThat(named.allowed()).isFalse();
    assertThat(named.reason()).isEqualTo(
        "key k0123456789ab is not granted all collections (it is granted a,b)");
    assertThat(POLICY.decide(principal(Role.SUPERVISOR, "*"), Action.SEARCH,
        CollectionGrant.allCollections()).allowed()).isTrue();
  }

  @Test
  void a_granted_collection_is_allowed_with_the_reason() {
    PolicyDecision d = POLICY.decide(principal(Role.ENROLLER, "archive"), Action.SUBJECT_ENROL,
        CollectionGrant.of(List.of("archive")));
    assertThat(d.allowed()).isTrue();
    assertThat(d.reason()).isEqualTo(
        "role enroller may enrol subjects; key k0123456789ab is granted archive");
    assertThat(d.actor()).isEqualTo("alice (key k0123456789ab)");
    assertThat(d.auditDetails()).containsEntry("allowed", true)
        .containsEntry("action", "subject_enrol");
  }

  @Test
  void searches_of_several_or_all_collections_need_an_approval() {
    assertThat(POLICY.needsApproval(CollectionGrant.of(List.of("a")))).isFalse();
    assertThat(POLICY.needsApproval(CollectionGrant.of(List.of("a", "b")))).isTrue();
    assertThat(POLICY.needsApproval(CollectionGrant.allCollections())).isTrue();
  }

  @Test
  void purposes_are_a_configurable_subset_of_the_closed_list() {
    PolicyConfig config = PolicyConfig.defaults().withPurposes(List.of("missing-person"));
    assertThat(config.purpose("Missing-Person").id()).isEqualTo("missing-person");
    assertThatThrownBy(() -> config.purpose("evaluation"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("search purpose 'evaluation' is not allowed here, expected one of"
            + " missing-person");
    assertThatThrownBy(() -> config.purpose("curiosity"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown search purpose 'curiosity'");
    assertThatThrownBy(() -> PolicyConfig.defaults().withPurposes(List.of()))
        .hasMessage("the policy must allow at least one search purpose");
  }

  @Test
  void roles_and_grants_parse_with_clear_errors() {
    assertThat(Role.parse(" Supervisor ")).isEqualTo(Role.SUPERVISOR);
    assertThatThrownBy(() -> Role.parse("root")).hasMessage(
        "unknown role 'root', expected one of admin, enroller, investigator, supervisor, auditor,"
            + " privacy-officer");
    assertThat(Role.parse("privacy-officer")).isEqualTo(Role.PRIVACY_OFFICER);
    assertThat(Role.parse("PRIVACY_OFFICER")).isEqualTo(Role.PRIVACY_OFFICER);
    assertThat(Role.PRIVACY_OFFICER.label()).isEqualTo("privacy-officer");
    assertThatThrownBy(() -> CollectionGrant.of(List.of("*", "a")))
        .hasMessage("grant either all collections ('*') or named ones, not both: [*, a]");
    assertThatThrownBy(() -> CollectionGrant.of(List.of("Bad Name")))
        .hasMessageStartingWith("collection name must match");
    assertThatThrownBy(() -> new Principal("k1", " x", Role.ADMIN, CollectionGrant.allCollections()))
        .hasMessageStartingWith("user name must be 1 to 64");
  }

  @Test
  void two_confirmations_by_different_users_identify_a_candidate() {
    assertThat(CandidateState.of(0, 0)).isEqualTo(CandidateState.UNREVIEWED);
    assertThat(CandidateState.of(1, 0)).isEqualTo(CandidateState.AWAITING_SECOND_CONFIRMATION);
    assertThat(CandidateState.of(2, 0)).isEqualTo(CandidateState.IDENTIFIED);
    assertThat(CandidateState.of(2, 1)).isEqualTo(CandidateState.DISPUTED);
    assertThat(CandidateState.of(0, 2)).isEqualTo(CandidateState.REJECTED);
  }
}
