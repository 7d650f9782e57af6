package candor.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.audit.AuditEntry;
import candor.core.policy.Action;
import candor.core.policy.CollectionGrant;
import candor.core.policy.PolicyDecision;
import candor.core.policy.Principal;
import candor.core.policy.Role;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of API keys, run on every database. */
abstract class ApiKeysContract {

  static final Instant NOW = Instant.parse("2026-03-14T09:26:53.589793Z");
  static final PolicyDecision OPERATOR = PolicyDecision.operator("cli:test", Action.KEYS_MANAGE);

  @TempDir Path dir;
  TestStores db;
  ApiKeys keys;

  abstract TestStores.Db db();

  @BeforeEach
  void open() throws Exception {
    db = TestStores.open(db(), dir, Clock.fixed(NOW, ZoneOffset.UTC));
    keys = new ApiKeys(db.store(), Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void a_new_key_authenticates_as_its_role_grant_and_name() {
    IssuedKey issued = keys.create(OPERATOR,
        new NewKey(Role.INVESTIGATOR, CollectionGrant.of(List.of("archive", "watch")), "alice"));
    assertThat(issued.token()).matches("candor_k[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
    assertThat(issued.token()).contains(issued.key().id());

    Principal p = keys.authenticate(issued.token()).orElseThrow();
    assertThat(p.keyId()).isEqualTo(issued.key().id());
    assertThat(p.user()).isEqualTo("alice");
    assertThat(p.role()).isEqualTo(Role.INVESTIGATOR);
    assertThat(p.grant().names()).containsExactly("archive", "watch");
    assertThat(p.grant().all()).isFalse();
  }

  @Test
  void only_the_hash_of_the_token_is_stored() throws Exception {
    IssuedKey issued = keys.create(OPERATOR,
        new NewKey(Role.ADMIN, CollectionGrant.allCollections(), null));
    // The secret follows "candor_<id>_"; it may itself contain '_' (base64url), so it is not
    // simply what follows the last one.
    String secret = issued.token()
        .substring((ApiKeys.TOKEN_PREFIX + issued.key().id() + "_").length());
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet row = s.executeQuery("SELECT * FROM api_keys")) {
      assertThat(row.next()).isTrue();
      for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
        String value = row.getString(i);
        if (value != null) {
          assertThat(value).doesNotContain(secret);
        }
      }
      assertThat(row.getString("token_sha256")).isEqualTo(ApiKeys.sha256(issued.token()));
    }
    assertThat(issued.toString()).doesNotContain(secret);
  }

  @Test
  void a_key_without_a_name_is_named_after_its_id() {
    IssuedKey issued = keys.create(OPERATOR,
        new NewKey(Role.AUDITOR, CollectionGrant.allCollections(), null));
    assertThat(issued.key().name()).isEqualTo(issued.key().id());
    assertThat(keys.authenticate(issued.token()).orElseThrow().grant().all()).isTrue();
  }

  @Test
  void a_revoked_key_no_longer_authenticates_and_the_revocation_is_audited() {
    IssuedKey issued = keys.create(OPERATOR,
        new NewKey(Role.ENROLLER, CollectionGrant.of(List.of("archive")), "bob"));
    ApiKey revoked = keys.revoke(OPERATOR, issued.key().id());

    assertThat(revoked.active()).isFalse();
    assertThat(revoked.revoked()).contains(NOW);
    assertThat(revoked.revokedBy()).contains("cli:test");
    assertThat(keys.authenticate(issued.token())).isEmpty();
    assertThat(keys.find(issued.key().id()).orElseThrow().active()).isFalse();

    List<AuditEntry> entries = db.store().audit().entries(0, 10);
    assertThat(entries).extracting(AuditEntry::action).containsExactly("key.create", "key.revoke");
    assertThat(entries.get(1).object()).isEqualTo("key:" + issued.key().id());
    assertThat(entries.get(1).detailsJson()).contains("\"reason\":\"local operator");
  }

  @Test
  void revoking_twice_is_audited_once() {
    IssuedKey issued = keys.create(OPERATOR,
        new NewKey(Role.ENROLLER, CollectionGrant.of(List.of("archive")), "bob"));
    keys.revoke(OPERATOR, issued.key().id());
    keys.revoke(OPERATOR, issued.key().id());
    assertThat(db.store().audit().headSequence()).isEqualTo(2);
  }

  @Test
  void revoking_an_unknown_key_names_it() {
    assertThatThrownBy(() -> keys.revoke(OPERATOR, "k000000000000"))
        .isInstanceOf(KeyNotFoundException.class)
        .hasMessage("API key k000000000000 does not exist");
  }

  @Test
  void malformed_unknown_and_missing_tokens_do_not_authenticate() {
    IssuedKey issued = keys.create(OPERATOR,
        new NewKey(Role.ADMIN, CollectionGrant.allCollections(), "root"));
    String token = issued.token();
    char last = token.charAt(token.length() - 1);
    String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(keys.authenticate(altered)).isEmpty();
    assertThat(keys.authenticate(null)).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
    assertThat(keys.authenticate("Bearer " + token)).isEmpty();
    assertThat(keys.authenticate(token + "x")).isEmpty();
    assertThat(keys.authenticate(token)).isPresent();
  }

  @Test
  void the_first_admin_is_created_once_and_granted_every_collection() {
    Optional<IssuedKey> first = keys.createFirstAdmin("system:serve");
    assertThat(first).isPresent();
    assertThat(first.get().key().role()).isEqualTo(Role.ADMIN);
    assertThat(first.get().key().grant().all()).isTrue();
    assertThat(first.get().key().name()).isEqualTo("admin");
    assertThat(keys.createFirstAdmin("system:serve")).isEmpty();
    assertThat(keys.list()).hasSize(1);
    assertThat(db.store().audit().entries(0, 10)).singleElement()
        .satisfies(e -> assertThat(e.actor()).isEqualTo("system:serve"));
  }

  @Test
  void keys_are_listed_oldest_first_with_their_grants() {
    IssuedKey a = keys.create(OPERATOR,
        new NewKey(Role.INVESTIGATOR, CollectionGrant.of(List.of("b", "a")), "ann"));
    IssuedKey b = keys.create(OPERATOR,
        new NewKey(Role.AUDITOR, CollectionGrant.allCollections(), "aud"));
    keys.revoke(OPERATOR, b.key().id());
    List<ApiKey> list = keys.list();
    assertThat(list).extracting(ApiKey::id).containsExactlyInAnyOrder(a.key().id(), b.key().id());
    ApiKey first = list.stream().filter(k -> k.id().equals(a.key().id())).findFirst().orElseThrow();
    assertThat(first.grant().asList()).containsExactly("a", "b");
    assertThat(list.stream().filter(k -> k.id().equals(b.key().id())).findFirst().orElseThrow()
        .active()).isFalse();
  }

  @Test
  void a_sign_in_is_audited_with_the_client() {
    IssuedKey issued = keys.create(OPERATOR,
        new NewKey(Role.SUPERVISOR, CollectionGrant.allCollections(), "sue"));
    assertThat(keys.login(issued.token(), "127.0.0.1")).isPresent();
    assertThat(keys.login("candor_nope", "127.0.0.1")).isEmpty();
    AuditEntry login = db.store().audit().entries(1, 10).getFirst();
    assertThat(login.action()).isEqualTo("key.login");
    assertThat(login.actor()).isEqualTo("sue (key " + issued.key().id() + ")");
    assertThat(login.detailsJson()).isEqualTo("{\"client\":\"127.0.0.1\",\"role\":\"supervisor\"}");
    assertThat(db.store().audit().headSequence()).isEqualTo(2);
  }

  @Test
  void a_decision_that_does_not_allow_managing_keys_is_refused() {
    PolicyDecision other = PolicyDecision.operator("cli:x", Action.SEARCH);
    assertThatThrownBy(() -> keys.create(other,
        new NewKey(Role.ADMIN, CollectionGrant.allCollections(), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expected a decision allowing keys_manage");
  }
}
