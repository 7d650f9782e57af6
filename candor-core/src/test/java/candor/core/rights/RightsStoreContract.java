package candor.core.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.access.TestStores;
import candor.core.store.jdbc.JdbcStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register of requests and the do-not-enrol list on a real database: what is written is read
 * back, photos and templates are sealed at rest, and deleting them destroys their keys.
 */
abstract class RightsStoreContract {

  static final Instant NOW = Instant.parse("2026-03-31T10:00:00Z");

  @TempDir Path dir;
  TestStores db;
  JdbcStore store;
  RightsStore rights;

  abstract TestStores.Db db();

  @BeforeEach
  void open() throws Exception {
    db = TestStores.open(db(), dir, Clock.fixed(NOW, ZoneOffset.UTC));
    store = db.store();
    rights = store.rights();
  }

  @AfterEach
  void close() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  RightsRequest received(RequestKind kind) {
    return RightsRequest.received(UUID.randomUUID(), kind, "ticket 42", "olga (key k1)", NOW);
  }

  byte[] column(String sql, String id) throws Exception {
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getBytes(1) : null;
      }
    }
  }

  boolean keyExists(String owner) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement s = c.prepareStatement("SELECT 1 FROM data_keys WHERE owner = ?")) {
      s.setString(1, owner);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  @Test
  void a_request_is_due_one_month_after_receipt_and_reads_back_as_written() {
    RightsRequest r = received(RequestKind.ERASURE);
    store.inTransaction(tx -> rights.create(tx, r, null));

    RightsRequest read = rights.find(r.id()).orElseThrow();
    assertThat(read.kind()).isEqualTo(RequestKind.ERASURE);
    assertThat(read.requesterRef()).isEqualTo("ticket 42");
    assertThat(read.received()).isEqualTo(NOW);
    assertThat(read.due()).isEqualTo(LocalDate.of(2026, 4, 30));
    assertThat(read.open()).isTrue();
    assertThat(read.identityVerified()).isFalse();
    assertThat(read.photoKept()).isFalse();
    assertThat(read.overdue(LocalDate.of(2026, 4, 30))).isFalse();
    assertThat(read.overdue(LocalDate.of(2026, 5, 1))).isTrue();
    assertThat(rights.find(UUID.randomUUID())).isEmpty();
  }

  @Test
  void the_register_lists_newest_first_and_the_open_ones_apart() {
    RightsRequest first = received(RequestKind.ACCESS);
    RightsRequest second = RightsRequest.received(UUID.randomUUID(), RequestKind.OBJECTION, "t2",
        "olga", NOW.plusSeconds(60));
    store.inTransaction(tx -> {
      rights.create(tx, first, null);
      rights.create(tx, second, null);
      rights.recordIdentity(tx, first.id(), "olga", NOW.plusSeconds(5), "passport at the desk");
      rights.answer(tx, first.id(), "olga", NOW.plusSeconds(120), "no face held");
      return null;
    });

    assertThat(rights.list(false)).extracting(RightsRequest::id)
        .containsExactly(second.id(), first.id());
    assertThat(rights.list(true)).extracting(RightsRequest::id).containsExactly(second.id());
    RightsRequest answered = rights.find(first.id()).orElseThrow();
    assertThat(answered.identityNote()).isEqualTo("passport at the desk");
    assertThat(answered.identityChecked()).isEqualTo(NOW.plusSeconds(5));
    assertThat(answered.outcome()).isEqualTo("no face held");
    assertThat(answered.answered()).isEqualTo(NOW.plusSeconds(120));
    assertThat(answered.open()).isFalse();
  }

  @Test
  void the_requesters_photo_is_sealed_at_rest_and_deleting_it_destroys_its_key() throws Exception {
    byte[] photo = "JPEG bytes of a face".getBytes(StandardCharsets.UTF_8);
    RightsRequest r = received(RequestKind.ACCESS);
    store.inTransaction(tx -> rights.create(tx, r, photo));

    assertThat(rights.find(r.id()).orElseThrow().photoKept()).isTrue();
    byte[] atRest = column("SELECT photo FROM rights_requests WHERE id = ?", r.id().toString());
    assertThat(new String(atRest, StandardCharsets.ISO_8859_1)).doesNotContain("JPEG bytes");
    assertThat(rights.openPhoto(r.id())).hasValue(photo);
    assertThat(keyExists("request:" + r.id())).isTrue();

    boolean deleted = store.inTransaction(tx -> rights.deletePhoto(tx, r.id()));
    boolean again = store.inTransaction(tx -> rights.deletePhoto(tx, r.id()));
    assertThat(deleted).isTrue();
    assertThat(again).isFalse();
    assertThat(rights.openPhoto(r.id())).isEmpty();
    assertThat(rights.find(r.id()).orElseThrow().photoKept()).isFalse();
    assertThat(keyExists("request:" + r.id())).isFalse();
    assertThat(column("SELECT photo FROM rights_requests WHERE id = ?", r.id().toString()))
        .isNull();
  }

  @Test
  void matches_outcomes_and_receipts_read_back_in_order() {
    RightsRequest r = received(RequestKind.ERASURE);
    store.inTransaction(tx -> {
      rights.create(tx, r, null);
      rights.recordSearch(tx, r.id(), "s-1", 0.478, 1e-5, List.of(
          RequestMatch.found(r.id(), 7, "archive", 1, 0.81f, 1.0e-7, "BELOW"),
          RequestMatch.found(r.id(), 3, "watch", 2, 0.52f, 2.5e-6, "ESTIMATE")));
      rights.recordOutcome(tx, r.id(), List.of(3L), MatchOutcome.RETAINED, "Court order 7/26",
          "evidence in a pending case", "olga", NOW);
      rights.attachReceipt(tx, r.id(), new RequestReceipt(12, "subject abc", NOW, List.of(7L),
          2, 2, 1, 3));
      return null;
    });

    RightsRequest read = rights.find(r.id()).orElseThrow();
    assertThat(read.searchId()).isEqualTo("s-1");
    assertThat(read.threshold()).isEqualTo(0.478);
    assertThat(read.maxFmr()).isEqualTo(1e-5);
    List<RequestMatch> matches = rights.matches(r.id());
    assertThat(matches).extracting(RequestMatch::faceId).containsExactly(7L, 3L);
    assertThat(matches.get(0).outcome()).isNull();
    assertThat(matches.get(0).fmrBound()).isEqualTo("BELOW");
    assertThat(matches.get(1).outcome()).isEqualTo(MatchOutcome.RETAINED);
    assertThat(matches.get(1).outcomeReference()).isEqualTo("Court order 7/26");
    assertThat(matches.get(1).collection()).isEqualTo("watch");
    assertThat(rights.receipts(r.id())).containsExactly(new RequestReceipt(12, "subject abc",
        NOW, List.of(7L), 2, 2, 1, 3));
  }

  @Test
  void a_do_not_enrol_template_is_sealed_opened_for_its_model_only_and_gone_with_its_key()
      throws Exception {
    RightsRequest r = received(RequestKind.OPT_OUT);
    float[] template = unit(new Random(19), 512);
    OptOutEntry entry = new OptOutEntry(UUID.randomUUID(), "model-a", "consent form 9", r.id(),
        "olga", NOW);
    store.inTransaction(tx -> {
      rights.create(tx, r, null);
      rights.addOptOut(tx, entry, template);
      rights.linkOptOut(tx, r.id(), entry.id());
      return null;
    });

    assertThat(rights.find(r.id()).orElseThrow().optOutId()).isEqualTo(entry.id());
    assertThat(rights.findOptOut(entry.id())).hasValue(entry);
    assertThat(rights.listOptOuts()).containsExactly(entry);
    assertThat(rights.optOutTemplates("model-a")).singleElement()
        .satisfies(t -> assertThat(t).containsExactly(template));
    assertThat(rights.optOutTemplates("model-b")).isEmpty();
    byte[] atRest = column("SELECT template FROM do_not_enrol WHERE id = ?",
        entry.id().toString());
    assertThat(atRest).isNotEqualTo(candor.core.crypto.TemplateCodec.encode(template));

    boolean removed = store.inTransaction(tx -> rights.removeOptOut(tx, entry.id()));
    boolean again = store.inTransaction(tx -> rights.removeOptOut(tx, entry.id()));
    assertThat(removed).isTrue();
    assertThat(again).isFalse();
    assertThat(rights.listOptOuts()).isEmpty();
    assertThat(rights.optOutTemplates("model-a")).isEmpty();
    assertThat(keyExists("optout:" + entry.id())).isFalse();
  }

  @Test
  void keys_may_be_issued_to_the_privacy_officer_role() throws Exception {
    db.execute("INSERT INTO api_keys (id, name, role, all_collections, token_sha256, created_by,"
        + " created_micros) VALUES ('kpo', 'olga', 'PRIVACY_OFFICER', TRUE, 'x', 'admin', 1)");
    assertThatThrownBy(() -> db.execute("INSERT INTO api_keys (id, name, role, all_collections,"
        + " token_sha256, created_by, created_micros) VALUES ('kx', 'x', 'ROOT', TRUE, 'y',"
        + " 'admin', 1)")).isInstanceOf(java.sql.SQLException.class);
  }

  static float[] unit(Random random, int n) {
    float[] v = new float[n];
    double norm = 0;
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < n; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
