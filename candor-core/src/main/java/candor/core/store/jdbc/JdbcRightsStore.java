package candor.core.store.jdbc;

import candor.core.crypto.Aead;
import candor.core.crypto.KeyOwner;
import candor.core.crypto.TemplateCodec;
import candor.core.rights.MatchOutcome;
import candor.core.rights.OptOutEntry;
import candor.core.rights.RequestKind;
import candor.core.rights.RequestMatch;
import candor.core.rights.RequestReceipt;
import candor.core.rights.RightsRequest;
import candor.core.rights.RightsStore;
import candor.core.store.Transaction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The register of people's requests and the do-not-enrol list on JDBC. Every statement binds its
 * parameters; a requester's photo and a do-not-enrol template are sealed under their own data
 * keys ({@code request:<id>}, {@code optout:<id>}) before they are written.
 *
 * <p>Privacy: see {@link RightsStore}. Thread-safe (no mutable state).
 */
final class JdbcRightsStore implements RightsStore {

  private static final String REQUEST_COLUMNS = "id, kind, requester_ref, received_by,"
      + " received_micros, due_date, identity_by, identity_micros, identity_note, answered_by,"
      + " answered_micros, outcome, search_id, threshold, max_fmr, photo_owner, optout_id";
  private static final String MATCH_COLUMNS = "request_id, face_id, collection, match_rank,"
      + " score, fmr, fmr_bound, outcome, outcome_reference, outcome_note, outcome_by,"
      + " outcome_micros";
  private static final String OPT_OUT_COLUMNS =
      "id, model_id, consent_reference, request_id, created_by, created_micros";

  private final JdbcStore store;
  private final KeyVault vault;
  private final Aead aead;
  private final ObjectMapper json = new ObjectMapper();

  JdbcRightsStore(JdbcStore store, KeyVault vault) {
    this.store = store;
    this.vault = vault;
    this.aead = vault.aead();
  }

  // ---- the register ---------------------------------------------------------------------------

  @Override
  public RightsRequest create(Transaction tx, RightsRequest request, byte[] photo) {
    Objects.requireNonNull(request, "request");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      KeyOwner owner = null;
      byte[] sealed = null;
      if (photo != null) {
        owner = KeyOwner.request(request.id());
        vault.create(c, owner, store.now());
        sealed = seal(c, owner, photo, photoAad(request.id()));
      }
      Sql.update(c, "INSERT INTO rights_requests (id, kind, requester_ref, received_by,"
              + " received_micros, due_date, photo_owner, photo) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          request.id().toString(), request.kind().name(), request.requesterRef(),
          request.receivedBy(), Sql.micros(request.received()), request.due().toString(),
          owner == null ? null : owner.id(), sealed);
      return find(c, request.id()).orElseThrow();
    } catch (SQLException e) {
      throw new StatementFailedException("register request", e);
    }
  }

  @Override
  public Optional<RightsRequest> find(UUID id) {
    Objects.requireNonNull(id, "id");
    return store.read("find request", c -> find(c, id));
  }

  private Optional<RightsRequest> find(Connection c, UUID id) throws SQLException {
    return Sql.one(c, "SELECT " + REQUEST_COLUMNS + " FROM rights_requests WHERE id = ?",
        JdbcRightsStore::request, id.toString());
  }

  @Override
  public List<RightsRequest> list(boolean openOnly) {
    return store.read("list requests", c -> Sql.list(c, "SELECT " + REQUEST_COLUMNS
            + " FROM rights_requests" + (openOnly ? " WHERE answered_micros IS NULL" : "")
            + " ORDER BY received_micros DESC, id",
        JdbcRightsStore::request));
  }

  @Override
  public void recordSearch(Transaction tx, UUID requestId, String searchId, double threshold,
      double maxFmr, List<RequestMatch> matches) {
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      Sql.update(c, "UPDATE rights_requests SET search_id = ?, threshold = ?, max_fmr = ?"
          + " WHERE id = ?", searchId, threshold, maxFmr, requestId.toString());
      for (RequestMatch m : matches) {
        Sql.update(c, "INSERT INTO rights_request_matches (request_id, face_id, collection,"
                + " match_rank, score, fmr, fmr_bound) VALUES (?, ?, ?, ?, ?, ?, ?)",
            requestId.toString(), m.faceId(), m.collection(), m.rank(), m.score(), m.fmr(),
            m.fmrBound());
      }
    } catch (SQLException e) {
      throw new StatementFailedException("record the search of request " + requestId, e);
    }
  }

  @Override
  public void recordIdentity(Transaction tx, UUID requestId, String by, Instant at,
      String note) {
    update(tx, "record the identity check of request " + requestId,
        "UPDATE rights_requests SET identity_by = ?, identity_micros = ?, identity_note = ?"
            + " WHERE id = ?", by, Sql.micros(at), note, requestId.toString());
  }

  @Override
  public List<RequestMatch> matches(UUID requestId) {
    return store.read("read matches", c -> Sql.list(c, "SELECT " + MATCH_COLUMNS
        + " FROM rights_request_matches WHERE request_id = ? ORDER BY match_rank",
        JdbcRightsStore::match, requestId.toString()));
  }

  @Override
  public void recordOutcome(Transaction tx, UUID requestId, Collection<Long> faceIds,
      MatchOutcome outcome, String reference, String note, String by, Instant at) {
    Objects.requireNonNull(outcome, "outcome");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      for (long faceId : faceIds) {
        Sql.update(c, "UPDATE rights_request_matches SET outcome = ?, outcome_reference = ?,"
                + " outcome_note = ?, outcome_by = ?, outcome_micros = ?"
                + " WHERE request_id = ? AND face_id = ?",
            outcome.name(), reference, note, by, Sql.micros(at), requestId.toString(), faceId);
      }
    } catch (SQLException e) {
      throw new StatementFailedException("record outcomes of request " + requestId, e);
    }
  }

  @Override
  public void attachReceipt(Transaction tx, UUID requestId, RequestReceipt receipt) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("audit_sequence", receipt.auditSequence());
    fields.put("what", receipt.what());
    fields.put("at", receipt.at().toString());
    fields.put("face_ids", receipt.faceIds());
    fields.put("faces_erased", receipt.facesErased());
    fields.put("media_erased", receipt.mediaErased());
    fields.put("subjects_erased", receipt.subjectsErased());
    fields.put("files_deleted", receipt.filesDeleted());
    String text;
    try {
      text = json.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a receipt as JSON", e);
    }
    update(tx, "attach a receipt to request " + requestId, "INSERT INTO rights_request_receipts"
        + " (request_id, audit_seq, receipt) VALUES (?, ?, ?)", requestId.toString(),
        receipt.auditSequence(), text);
  }

  @Override
  public List<RequestReceipt> receipts(UUID requestId) {
    return store.read("read receipts", c -> Sql.list(c, "SELECT receipt FROM"
        + " rights_request_receipts WHERE request_id = ? ORDER BY audit_seq", row -> {
          JsonNode r;
          try {
            r = json.readTree(row.getString(1));
          } catch (JsonProcessingException e) {
            throw new SQLException("malformed receipt of request " + requestId, e);
          }
          List<Long> faces = new ArrayList<>();
          r.path("face_ids").forEach(n -> faces.add(n.asLong()));
          return new RequestReceipt(r.path("audit_sequence").asLong(), r.path("what").asText(),
              Instant.parse(r.path("at").asText()), faces, r.path("faces_erased").asInt(),
              r.path("media_erased").asInt(), r.path("subjects_erased").asInt(),
              r.path("files_deleted").asInt());
        }, requestId.toString()));
  }

  @Override
  public Optional<byte[]> openPhoto(UUID requestId) {
    KeyOwner owner = KeyOwner.request(requestId);
    return store.read("open request photo", c -> {
      Optional<byte[]> sealed = Sql.one(c, "SELECT photo FROM rights_requests WHERE id = ?"
          + " AND photo IS NOT NULL", row -> row.getBytes(1), requestId.toString());
      if (sealed.isEmpty()) {
        return Optional.empty();
      }
      byte[] key = vault.dataKey(c, owner);
      try {
        return Optional.of(aead.open(key, sealed.get(), photoAad(requestId),
            "photo of request " + requestId));
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    });
  }

  @Override
  public boolean deletePhoto(Transaction tx, UUID requestId) {
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      int cleared = Sql.update(c, "UPDATE rights_requests SET photo = NULL, photo_owner = NULL"
          + " WHERE id = ? AND photo IS NOT NULL", requestId.toString());
      if (cleared == 0) {
        return false;
      }
      vault.destroy(c, KeyOwner.request(requestId));
      tx.afterCommit(() -> store.checkpoint("request photo deletion"));
      return true;
    } catch (SQLException e) {
      throw new StatementFailedException("delete the photo of request " + requestId, e);
    }
  }

  @Override
  public void answer(Transaction tx, UUID requestId, String by, Instant at, String outcome) {
    update(tx, "answer request " + requestId, "UPDATE rights_requests SET answered_by = ?,"
        + " answered_micros = ?, outcome = ? WHERE id = ?", by, Sql.micros(at), outcome,
        requestId.toString());
  }

  @Override
  public void linkOptOut(Transaction tx, UUID requestId, UUID entryId) {
    update(tx, "link request " + requestId, "UPDATE rights_requests SET optout_id = ?"
        + " WHERE id = ?", entryId.toString(), requestId.toString());
  }

  // ---- the do-not-enrol list ------------------------------------------------------------------

  @Override
  public OptOutEntry addOptOut(Transaction tx, OptOutEntry entry, float[] template) {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(template, "template");
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      KeyOwner owner = KeyOwner.optOut(entry.id());
      vault.create(c, owner, store.now());
      byte[] sealed = seal(c, owner, TemplateCodec.encode(template), templateAad(entry.id()));
      Sql.update(c, "INSERT INTO do_not_enrol (id, key_owner, model_id, template,"
              + " consent_reference, request_id, created_by, created_micros)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          entry.id().toString(), owner.id(), entry.modelId(), sealed, entry.consentReference(),
          entry.requestId().toString(), entry.createdBy(), Sql.micros(entry.created()));
      return entry;
    } catch (SQLException e) {
      throw new StatementFailedException("add to the do-not-enrol list", e);
    }
  }

  @Override
  public Optional<OptOutEntry> findOptOut(UUID id) {
    return store.read("find do-not-enrol entry", c -> Sql.one(c, "SELECT " + OPT_OUT_COLUMNS
        + " FROM do_not_enrol WHERE id = ?", JdbcRightsStore::optOut, id.toString()));
  }

  @Override
  public List<OptOutEntry> listOptOuts() {
    return store.read("list the do-not-enrol list", c -> Sql.list(c, "SELECT " + OPT_OUT_COLUMNS
        + " FROM do_not_enrol ORDER BY created_micros, id", JdbcRightsStore::optOut));
  }

  @Override
  public boolean removeOptOut(Transaction tx, UUID id) {
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      if (Sql.update(c, "DELETE FROM do_not_enrol WHERE id = ?", id.toString()) == 0) {
        return false;
      }
      vault.destroy(c, KeyOwner.optOut(id));
      tx.afterCommit(() -> store.checkpoint("do-not-enrol removal"));
      return true;
    } catch (SQLException e) {
      throw new StatementFailedException("remove from the do-not-enrol list", e);
    }
  }

  @Override
  public List<float[]> optOutTemplates(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    record Row(UUID id, byte[] sealed, long masterKeyId, byte[] wrapped) {}
    return store.read("read the do-not-enrol list", c -> {
      List<Row> rows = Sql.list(c, "SELECT d.id, d.template, k.master_key_id, k.wrapped"
              + " FROM do_not_enrol d JOIN data_keys k ON k.owner = d.key_owner"
              + " WHERE d.model_id = ?",
          r -> new Row(UUID.fromString(r.getString(1)), r.getBytes(2), r.getLong(3),
              r.getBytes(4)), modelId);
      List<float[]> templates = new ArrayList<>(rows.size());
      for (Row row : rows) {
        byte[] key = vault.unwrap(KeyOwner.optOut(row.id()), row.masterKeyId(), row.wrapped());
        byte[] plain = null;
        try {
          plain = aead.open(key, row.sealed(), templateAad(row.id()),
              "template of do-not-enrol entry " + row.id());
          templates.add(TemplateCodec.decode(plain));
        } finally {
          Arrays.fill(key, (byte) 0);
          if (plain != null) {
            Arrays.fill(plain, (byte) 0);
          }
        }
      }
      return templates;
    });
  }

  // ---- internals ------------------------------------------------------------------------------

  private byte[] seal(Connection c, KeyOwner owner, byte[] plaintext, byte[] aad)
      throws SQLException {
    byte[] key = vault.dataKey(c, owner);
    try {
      return aead.seal(key, plaintext, aad);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private void update(Transaction tx, String operation, String sql, Object... args) {
    Connection c = JdbcTransaction.connection(tx, store);
    try {
      Sql.update(c, sql, args);
    } catch (SQLException e) {
      throw new StatementFailedException(operation, e);
    }
  }

  /** Binds a sealed photo to its request, so that it cannot be moved to another row. */
  private static byte[] photoAad(UUID requestId) {
    return ("candor/request-photo/v1/" + requestId).getBytes(StandardCharsets.UTF_8);
  }

  /** Binds a sealed template to its do-not-enrol entry. */
  private static byte[] templateAad(UUID entryId) {
    return ("candor/template/v1/optout/" + entryId).getBytes(StandardCharsets.UTF_8);
  }

  private static RightsRequest request(ResultSet row) throws SQLException {
    return new RightsRequest(UUID.fromString(row.getString("id")),
        RequestKind.valueOf(row.getString("kind")), row.getString("requester_ref"),
        row.getString("received_by"), Sql.instant(row.getLong("received_micros")),
        LocalDate.parse(row.getString("due_date")), row.getString("identity_by"),
        instant(row, "identity_micros"), row.getString("identity_note"),
        row.getString("answered_by"), instant(row, "answered_micros"), row.getString("outcome"),
        row.getString("search_id"), number(row, "threshold"), number(row, "max_fmr"),
        row.getString("photo_owner") != null, uuid(row.getString("optout_id")));
  }

  private static RequestMatch match(ResultSet row) throws SQLException {
    String outcome = row.getString("outcome");
    return new RequestMatch(UUID.fromString(row.getString("request_id")),
        row.getLong("face_id"), row.getString("collection"), row.getInt("match_rank"),
        row.getFloat("score"), number(row, "fmr"), row.getString("fmr_bound"),
        outcome == null ? null : MatchOutcome.valueOf(outcome),
        row.getString("outcome_reference"), row.getString("outcome_note"),
        row.getString("outcome_by"), instant(row, "outcome_micros"));
  }

  private static OptOutEntry optOut(ResultSet row) throws SQLException {
    return new OptOutEntry(UUID.fromString(row.getString("id")), row.getString("model_id"),
        row.getString("consent_reference"), UUID.fromString(row.getString("request_id")),
        row.getString("created_by"), Sql.instant(row.getLong("created_micros")));
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    long micros = row.getLong(column);
    return row.wasNull() ? null : Sql.instant(micros);
  }

  private static Double number(ResultSet row, String column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }

  private static UUID uuid(String text) {
    return text == null ? null : UUID.fromString(text);
  }
}
