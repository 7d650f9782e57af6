package candor.core.access;

import candor.core.audit.AuditEvent;
import candor.core.policy.Action;
import candor.core.policy.CollectionGrant;
import candor.core.policy.PolicyDecision;
import candor.core.policy.Principal;
import candor.core.policy.Role;
import candor.core.policy.jdbc.Jdbc;
import candor.core.store.Store;
import candor.core.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * API keys: issuing, revoking, listing and authenticating them.
 *
 * <p>A token is {@code candor_<id>_<secret>}, where the id ({@code k} and 12 hex digits) is
 * public and the secret is 32 random bytes from {@link SecureRandom}, base64url. The store keeps
 * only the SHA-256 of the whole token: with 256 bits of randomness a plain hash is as strong as
 * a slow one, and authentication stays one indexed lookup. Keys are revoked, never deleted.
 *
 * <p>Every change is audited in its own transaction ({@code key.create}, {@code key.revoke}),
 * with the policy decision that allowed it; so is each sign-in ({@code key.login}).
 *
 * <p>Thread-safe.
 */
public final class ApiKeys {

  /** The prefix of every token, so that a leaked one is recognisable by secret scanners. */
  public static final String TOKEN_PREFIX = "candor_";

  /** The name of the admin key {@link #createFirstAdmin} issues. */
  public static final String FIRST_ADMIN_NAME = "admin";

  private static final Pattern TOKEN =
      Pattern.compile("candor_(k[0-9a-f]{12})_[A-Za-z0-9_-]{43}");
  private static final HexFormat HEX = HexFormat.of();

  private final Store store;
  private final Clock clock;
  private final SecureRandom random;

  /**
   * Creates the service on the system clock.
   *
   * @param store the store holding the keys and the audit log
   */
  public ApiKeys(Store store) {
    this(store, Clock.systemUTC(), new SecureRandom());
  }

  /**
   * Creates the service.
   *
   * @param store the store holding the keys and the audit log
   * @param clock the clock for creation and revocation times
   * @param random the source of key ids and secrets; a {@link SecureRandom} in production
   */
  public ApiKeys(Store store, Clock clock, SecureRandom random) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Issues a key and audits it ({@code key.create}) in one transaction.
   *
   * @param decision the decision allowing {@link Action#KEYS_MANAGE} (from the guard, or {@link
   *     PolicyDecision#operator} for the command line)
   * @param request the role, grant and name
   * @return the key with its token, to show once
   * @throws IllegalArgumentException if the decision does not allow managing keys
   */
  public IssuedKey create(PolicyDecision decision, NewKey request) {
    checkAllows(decision);
    Objects.requireNonNull(request, "request");
    return store.inTransaction(tx -> create(tx, decision, request));
  }

  /**
   * Issues the first admin key, granted all collections, if no key exists yet; audited as {@code
   * key.create} by {@code actor}.
   *
   * @param actor who starts the service, such as {@code "system:serve"}
   * @return the new key, or empty if any key (active or revoked) already exists
   */
  public Optional<IssuedKey> createFirstAdmin(String actor) {
    PolicyDecision decision = new PolicyDecision(true, actor, Action.KEYS_MANAGE, List.of(),
        "first start: no API key exists yet");
    return store.inTransaction(tx -> {
      long keys = Jdbc.run(store, tx, "count API keys",
          c -> Jdbc.one(c, "SELECT COUNT(*) FROM api_keys", row -> row.getLong(1)).orElse(0L));
      if (keys > 0) {
        return Optional.empty();
      }
      return Optional.of(create(tx, decision, new NewKey(Role.ADMIN,
          CollectionGrant.allCollections(), FIRST_ADMIN_NAME)));
    });
  }

  private IssuedKey create(Transaction tx, PolicyDecision decision, NewKey request) {
    String id = "k" + HEX.formatHex(bytes(6));
    String token = TOKEN_PREFIX + id + "_"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    String name = request.name() == null ? id : request.name();
    Instant now = now();
    ApiKey key = new ApiKey(id, name, request.role(), request.grant(), decision.actor(), now,
        Optional.empty(), Optional.empty());
    Jdbc.run(store, tx, "create API key", c -> {
      Jdbc.update(c, "INSERT INTO api_keys (id, name, role, all_collections, token_sha256,"
              + " created_by, created_micros) VALUES (?, ?, ?, ?, ?, ?, ?)",
          id, name, request.role().name(), request.grant().all(), sha256(token),
          decision.actor(), Jdbc.micros(now));
      for (String collection : request.grant().names()) {
        Jdbc.update(c, "INSERT INTO api_key_collections (key_id, collection) VALUES (?, ?)",
            id, collection);
      }
      return null;
    });
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("name", name);
    details.put("role", request.role().label());
    details.put("collections", request.grant().asList());
    details.put("policy", decision.auditDetails());
    store.audit().append(tx, new AuditEvent(decision.actor(), "key.create", "key:" + id, details));
    return new IssuedKey(key, token);
  }

  /**
   * Revokes a key and audits it ({@code key.revoke}) in one transaction; from then on it no
   * longer authenticates. Revoking a revoked key changes nothing and is not audited again.
   *
   * @param decision the decision allowing {@link Action#KEYS_MANAGE}
   * @param id the key's id
   * @return the key as now stored
   * @throws KeyNotFoundException if there is no such key
   */
  public ApiKey revoke(PolicyDecision decision, String id) {
    checkAllows(decision);
    Objects.requireNonNull(id, "id");
    return store.inTransaction(tx -> {
      ApiKey key = Jdbc.run(store, tx, "revoke API key", c -> find(c, id))
          .orElseThrow(() -> new KeyNotFoundException(id));
      if (key.active() == false) {
        return key;
      }
      Instant now = now();
      Jdbc.run(store, tx, "revoke API key", c -> Jdbc.update(c,
          "UPDATE api_keys SET revoked_by = ?, revoked_micros = ? WHERE id = ?",
          decision.actor(), Jdbc.micros(now), id));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("name", key.name());
      details.put("role", key.role().label());
      details.put("policy", decision.auditDetails());
      store.audit().append(tx,
          new AuditEvent(decision.actor(), "key.revoke", "key:" + id, details));
      return new ApiKey(key.id(), key.name(), key.role(), key.grant(), key.createdBy(),
          key.created(), Optional.of(decision.actor()), Optional.of(now));
    });
  }

  /**
   * Lists every key, active and revoked, oldest first.
   *
   * @return the keys, without secrets
   */
  public List<ApiKey> list() {
    return Jdbc.read(store, "list API keys", c -> {
      Map<String, List<String>> grants = grants(c);
      List<ApiKey> keys = new ArrayList<>();
      for (KeyRow row : Jdbc.list(c, "SELECT * FROM api_keys ORDER BY created_micros, id",
          ApiKeys::keyRow)) {
        keys.add(row.key(grants.getOrDefault(row.id(), List.of())));
      }
      return keys;
    });
  }

  /**
   * Looks up a key.
   *
   * @param id the key's id
   * @return the key, or empty
   */
  public Optional<ApiKey> find(String id) {
    Objects.requireNonNull(id, "id");
    return Jdbc.read(store, "find API key", c -> find(c, id));
  }

  /**
   * Returns the principal an active key's token authenticates as. Tokens of the wrong shape are
   * refused without a database lookup.
   *
   * @param token the bearer token, or {@code null}
   * @return the principal, or empty if the token is malformed, unknown or revoked
   */
  public Optional<Principal> authenticate(String token) {
    if (token == null || TOKEN.matcher(token).matches() == false) {
      return Optional.empty();
    }
    String hash = sha256(token);
    return Jdbc.read(store, "authenticate API key", c -> {
      Optional<KeyRow> row = Jdbc.one(c,
          "SELECT * FROM api_keys WHERE token_sha256 = ? AND revoked_micros IS NULL",
          ApiKeys::keyRow, hash);
      if (row.isEmpty()) {
        return Optional.<Principal>empty();
      }
      List<String> names = Jdbc.list(c,
          "SELECT collection FROM api_key_collections WHERE key_id = ? ORDER BY collection",
          r -> r.getString(1), row.get().id());
      return Optional.of(row.get().key(names).principal());
    });
  }

  /**
   * Authenticates a sign-in (the web UI's) and audits it as {@code key.login}.
   *
   * @param token the bearer token
   * @param client where the sign-in came from (an IP address), for the audit
   * @return the principal, or empty if the token does not authenticate (not audited: there is
   *     no one to name)
   */
  public Optional<Principal> login(String token, String client) {
    Optional<Principal> principal = authenticate(token);
    principal.ifPresent(p -> {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("role", p.role().label());
      details.put("client", client == null ? "unknown" : client);
      store.audit().append(new AuditEvent(p.actor(), "key.login", "key:" + p.keyId(), details));
    });
    return principal;
  }

  /**
   * Audits failed authentications in aggregate ({@code auth.failed}): how many, from which
   * client, and why; never the tokens presented.
   *
   * @param client the client address or name, also the entry's actor
   * @param count how many attempts failed
   * @param reason why they failed
   */
  public void recordFailures(String client, long count, String reason) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("client", client);
    details.put("failures", count);
    details.put("reason", reason);
    store.audit().append(new AuditEvent(client, "auth.failed", "keys", details));
  }

  // ---- internals ----------------------------------------------------------------------------

  private record KeyRow(String id, String name, Role role, boolean all, String createdBy,
      Instant created, String revokedBy, Instant revoked) {
    ApiKey key(List<String> names) {
      CollectionGrant grant = all ? CollectionGrant.allCollections()
          : new CollectionGrant(false, new TreeSet<>(names));
      return new ApiKey(id, name, role, grant, createdBy, created,
          Optional.ofNullable(revokedBy), Optional.ofNullable(revoked));
    }
  }

  private static KeyRow keyRow(ResultSet row) throws SQLException {
    return new KeyRow(
        row.getString("id"),
        row.getString("name"),
        Role.valueOf(row.getString("role")),
        row.getBoolean("all_collections"),
        row.getString("created_by"),
        Jdbc.instant(row.getLong("created_micros")),
        row.getString("revoked_by"),
        Jdbc.optionalInstant(row, "revoked_micros").orElse(null));
  }

  private static Optional<ApiKey> find(Connection c, String id) throws SQLException {
    Optional<KeyRow> row = Jdbc.one(c, "SELECT * FROM api_keys WHERE id = ?", ApiKeys::keyRow, id);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = Jdbc.list(c,
        "SELECT collection FROM api_key_collections WHERE key_id = ? ORDER BY collection",
        r -> r.getString(1), id);
    return Optional.of(row.get().key(names));
  }

  private static Map<String, List<String>> grants(Connection c) throws SQLException {
    Map<String, List<String>> grants = new LinkedHashMap<>();
    record Grant(String key, String collection) {}
    for (Grant g : Jdbc.list(c,
        "SELECT key_id, collection FROM api_key_collections ORDER BY key_id, collection",
        r -> new Grant(r.getString(1), r.getString(2)))) {
      grants.computeIfAbsent(g.key(), k -> new ArrayList<>()).add(g.collection());
    }
    return grants;
  }

  private static void checkAllows(PolicyDecision decision) {
    Objects.requireNonNull(decision, "decision");
    if (decision.allowed() == false || decision.action() != Action.KEYS_MANAGE) {
      throw new IllegalArgumentException(
          "expected a decision allowing " + Action.KEYS_MANAGE.name().toLowerCase(Locale.ROOT)
              + ", got " + decision);
    }
  }

  private byte[] bytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  static String sha256(String token) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
