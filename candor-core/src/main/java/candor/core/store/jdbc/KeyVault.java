package candor.core.store.jdbc;

import candor.core.crypto.Aead;
import candor.core.crypto.KeyDestroyedException;
import candor.core.crypto.KeyOwner;
import candor.core.crypto.MasterKeyRing;
import candor.core.crypto.WrappedKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code data_keys} table: creates, unwraps, destroys and re-wraps the per-subject and
 * per-image data keys. Unwrapped keys live only in local variables and in {@link KeyCache}s that
 * are wiped after use; none is kept across calls.
 *
 * <p>Privacy: destroying a key row is what makes every other copy of the data it sealed
 * unreadable. Thread-safe (stateless apart from the thread-safe ring and sealer).
 */
final class KeyVault {

  private final MasterKeyRing ring;
  private final Aead aead;

  KeyVault(MasterKeyRing ring, Aead aead) {
    this.ring = ring;
    this.aead = aead;
  }

  Aead aead() {
    return aead;
  }

  /** Creates and stores a new data key for {@code owner}. */
  void create(Connection c, KeyOwner owner, Instant now) throws SQLException {
    create(c, owner, now, null);
  }

  /**
   * Creates and stores a new data key for {@code owner} and, when {@code keys} is not null, keeps
   * it there too, so that the operation creating it need not read and unwrap it again.
   */
  void create(Connection c, KeyOwner owner, Instant now, KeyCache keys) throws SQLException {
    byte[] key = aead.newKey();
    try {
      WrappedKey wrapped = ring.wrap(owner, key);
      Sql.update(c,
          "INSERT INTO data_keys (owner, master_key_id, wrapped, created_micros) VALUES (?, ?, ?, ?)",
          owner.id(), wrapped.masterKeyId(), wrapped.bytes(), Sql.micros(now));
      if (keys != null) {
        keys.put(owner, key.clone());
      }
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Returns {@code owner}'s unwrapped data key; the caller wipes it. */
  byte[] dataKey(Connection c, KeyOwner owner) throws SQLException {
    Optional<WrappedKey> wrapped =
        Sql.one(c, "SELECT master_key_id, wrapped FROM data_keys WHERE owner = ?",
            row -> new WrappedKey(row.getLong(1), row.getBytes(2)), owner.id());
    return ring.unwrap(owner, wrapped.orElseThrow(() -> new KeyDestroyedException(owner)));
  }

  /** Unwraps a key read together with the data it seals. */
  byte[] unwrap(KeyOwner owner, long masterKeyId, byte[] wrapped) {
    return ring.unwrap(owner, new WrappedKey(masterKeyId, wrapped));
  }

  /** Deletes {@code owner}'s data key; returns whether there was one. */
  boolean destroy(Connection c, KeyOwner owner) throws SQLException {
    return Sql.update(c, "DELETE FROM data_keys WHERE owner = ?", owner.id()) == 1;
  }

  /**
   * Unwraps one data key wrapped with {@code masterKeyId} and wipes it, to prove the ring's key
   * of that id is the right one.
   *
   * @throws candor.core.crypto.DecryptionFailedException if it is not
   */
  void checkUnwraps(Connection c, long masterKeyId) throws SQLException {
    record Row(String owner, byte[] wrapped) {}
    Optional<Row> row = Sql.one(c,
        "SELECT owner, wrapped FROM data_keys WHERE master_key_id = ? ORDER BY owner LIMIT 1",
        r -> new Row(r.getString(1), r.getBytes(2)), masterKeyId);
    if (row.isPresent()) {
      byte[] key = unwrap(new KeyOwner(row.get().owner()), masterKeyId, row.get().wrapped());
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Returns the distinct master key ids the stored data keys are wrapped with. */
  List<Long> masterKeyIds(Connection c) throws SQLException {
    return Sql.list(c, "SELECT DISTINCT master_key_id FROM data_keys ORDER BY master_key_id",
        row -> row.getLong(1));
  }

  /**
   * Re-wraps up to {@code batch} data keys not yet wrapped with {@code masterKeyId} and returns
   * how many it re-wrapped.
   */
  int rewrap(Connection c, long masterKeyId, int batch) throws SQLException {
    record Row(String owner, long masterKeyId, byte[] wrapped) {}
    List<Row> rows =
        Sql.list(c,
            "SELECT owner, master_key_id, wrapped FROM data_keys WHERE master_key_id <> ?"
                + " ORDER BY owner LIMIT ?",
            row -> new Row(row.getString(1), row.getLong(2), row.getBytes(3)),
            masterKeyId, batch);
    for (Row row : rows) {
      KeyOwner owner = new KeyOwner(row.owner());
      byte[] key = ring.unwrap(owner, new WrappedKey(row.masterKeyId(), row.wrapped()));
      try {
        WrappedKey wrapped = ring.wrap(owner, key);
        if (wrapped.masterKeyId() != masterKeyId) {
          throw new IllegalStateException(
              "the current master key is " + wrapped.masterKeyId() + ", not " + masterKeyId);
        }
        Sql.update(c,
            "UPDATE data_keys SET master_key_id = ?, wrapped = ? WHERE owner = ? AND master_key_id = ?",
            masterKeyId, wrapped.bytes(), row.owner(), row.masterKeyId());
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    return rows.size();
  }

  /** Returns a cache for one operation that reads many faces; close it to wipe the keys. */
  KeyCache cache(Connection c) {
    return new KeyCache(c);
  }

  /**
   * Unwrapped data keys for the span of one operation (an ingest, a page of the change log), so
   * that faces of the same owner do not unwrap its key again. Confined to one thread; {@link
   * #close()} wipes every key.
   */
  final class KeyCache implements AutoCloseable {

    private final Connection connection;
    private final Map<KeyOwner, byte[]> keys = new HashMap<>();

    private KeyCache(Connection connection) {
      this.connection = connection;
    }

    /** Returns {@code owner}'s key, reading it from the database the first time. */
    byte[] get(KeyOwner owner) throws SQLException {
      byte[] key = keys.get(owner);
      if (key == null) {
        key = dataKey(connection, owner);
        keys.put(owner, key);
      }
      return key;
    }

    /** Keeps a key just created; the cache owns (and wipes) it. */
    void put(KeyOwner owner, byte[] key) {
      byte[] previous = keys.put(owner, key);
      if (previous != null) {
        Arrays.fill(previous, (byte) 0);
      }
    }

    /** Returns {@code owner}'s key, unwrapping the given row the first time. */
    byte[] get(KeyOwner owner, long masterKeyId, byte[] wrapped) {
      return keys.computeIfAbsent(owner, o -> unwrap(o, masterKeyId, wrapped));
    }

    @Override
    public void close() {
      keys.values().forEach(key -> Arrays.fill(key, (byte) 0));
      keys.clear();
    }
  }
}
