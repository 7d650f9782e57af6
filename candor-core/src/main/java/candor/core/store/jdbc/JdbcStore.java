package candor.core.store.jdbc;

import candor.core.audit.AuditLog;
import candor.core.crypto.Aead;
import candor.core.crypto.DecryptionFailedException;
import candor.core.crypto.MasterKeyException;
import candor.core.crypto.MasterKeyRing;
import candor.core.rights.RightsStore;
import candor.core.store.GalleryStore;
import candor.core.store.JdbcUrls;
import candor.core.store.PackStore;
import candor.core.store.ReviewStore;
import candor.core.store.Store;
import candor.core.store.Transaction;
import candor.core.store.StoreConfig;
import candor.core.store.TransactionCallback;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on a JDBC database, SQLite or PostgreSQL: a connection pool, the schema (migrated by
 * Flyway when it opens), the master key ring, the gallery and the audit log.
 *
 * <pre>{@code
 * try (Store store = JdbcStore.open(StoreConfig.sqlite(dataDir))) {
 *   store.inTransaction(tx -> {
 *     ErasureReceipt receipt = store.gallery().eraseSubject(tx, subjectId);
 *     store.audit().append(tx, AuditEvent.of(actor, "subject.erase", "subject:" + subjectId));
 *     return receipt;
 *   });
 * }
 * }</pre>
 *
 * <p>On SQLite every connection runs with {@code journal_mode=WAL}, {@code foreign_keys=ON},
 * {@code secure_delete=ON} (deleted content is overwritten), a busy timeout, and {@code BEGIN
 * IMMEDIATE} transactions, so a writer waits for the write lock up front instead of failing on
 * upgrade. After an erasure commits, the WAL is checkpointed with {@code TRUNCATE}.
 *
 * <p>Thread-safe. The caller that opens it closes it; closing shuts the pool, after which every
 * method throws {@link IllegalStateException}.
 */
public final class JdbcStore implements Store {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

  /** How many data keys one transaction of a master key rotation re-wraps. */
  private static final int REWRAP_BATCH = 1_000;

  private final StoreConfig config;
  private final Vendor vendor;
  private final HikariDataSource dataSource;
  private final Clock clock;
  private final KeyVault vault;
  private final MasterKeyRing ring;
  private final JdbcGalleryStore gallery;
  private final JdbcPackStore packs;
  private final JdbcAuditLog audit;
  private final JdbcReviewStore reviews;
  private final JdbcRightsStore rights;
  // Per store, not static: detects a nested inTransaction on the same thread, which would wait
  // forever on SQLite's single write lock.
  private final ThreadLocal<JdbcTransaction> current = new ThreadLocal<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbcStore(StoreConfig config, HikariDataSource dataSource, MasterKeyRing ring,
      Aead aead, Clock clock) {
    this.config = config;
    this.vendor = Vendor.of(config.jdbcUrl());
    this.dataSource = dataSource;
    this.clock = clock;
    this.ring = ring;
    this.vault = new KeyVault(ring, aead);
    this.gallery = new JdbcGalleryStore(this, vault);
    this.packs = new JdbcPackStore(this, gallery, vault);
    this.audit = new JdbcAuditLog(this);
    this.reviews = new JdbcReviewStore(this, vault);
    this.rights = new JdbcRightsStore(this, vault);
  }

  /**
   * Opens the store with the system clock; see {@link #open(StoreConfig, Clock)}.
   *
   * @param config where the database and master key are
   * @return the open store; the caller closes it
   * @throws MigrationFailedException if the schema cannot be migrated
   * @throws MasterKeyException if the master key file cannot be created or read, or lacks a key
   *     the database's data keys are wrapped with
   * @throws StatementFailedException if the database cannot be reached
   */
  public static JdbcStore open(StoreConfig config) {
    return open(config, Clock.systemUTC());
  }

  /**
   * Opens the store: creates the SQLite file's directory if needed, starts the connection pool,
   * migrates the schema, opens (or creates) the master key file and checks that it holds every
   * master key the database's data keys need.
   *
   * @param config where the database and master key are
   * @param clock the clock for creation, erasure and audit times
   * @return the open store; the caller closes it
   * @throws MigrationFailedException if the schema cannot be migrated
   * @throws MasterKeyException if the master key file cannot be created or read, is missing
   *     while the database holds data keys, lacks a key the data keys are wrapped with (message
   *     {@code "the database holds data keys wrapped by master key 2, which is not in F (it holds
   *     [1]): wrong master key file?"}), or holds a different key under the same id (message
   *     {@code "master key 1 in F does not decrypt the database's data keys: wrong master key
   *     file?"})
   * @throws StatementFailedException if the database cannot be reached
   * @throws java.io.UncheckedIOException if the SQLite file's directory cannot be created
   */
  public static JdbcStore open(StoreConfig config, Clock clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    Vendor vendor = Vendor.of(config.jdbcUrl());
    if (vendor == Vendor.SQLITE) {
      createSqliteDirectory(config.jdbcUrl());
    }
    HikariDataSource dataSource = startPool(config, vendor);
    try {
      migrate(config, vendor, dataSource);
      Path keyFile = config.masterKeyFile().toAbsolutePath();
      List<Long> wrappedWith = masterKeyIds(dataSource);
      if (wrappedWith.isEmpty() == false && Files.exists(keyFile) == false) {
        throw new MasterKeyException(
            "master key file " + keyFile + " does not exist, but the database holds data keys"
                + " wrapped by master key " + wrappedWith + ": restore the key file (a new one"
                + " cannot decrypt them)");
      }
      Aead aead = new Aead(new SecureRandom());
      MasterKeyRing ring = MasterKeyRing.openOrCreate(config.masterKeyFile(), aead);
      JdbcStore store = new JdbcStore(config, dataSource, ring, aead, clock);
      store.checkMasterKeys();
      return store;
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  @Override
  public GalleryStore gallery() {
    checkOpen();
    return gallery;
  }

  @Override
  public PackStore packs() {
    checkOpen();
    return packs;
  }

  @Override
  public AuditLog audit() {
    checkOpen();
    return audit;
  }

  @Override
  public ReviewStore reviews() {
    checkOpen();
    return reviews;
  }

  @Override
  public RightsStore rights() {
    checkOpen();
    return rights;
  }

  /**
   * Returns the connection of an open transaction of this store, so that SQL of other packages
   * (access keys, policy, reviews) commits or rolls back together with the store's own changes
   * and audit entries.
   *
   * <p>The caller must not commit, roll back or close it, nor keep it past the transaction.
   *
   * @param tx a transaction this store opened, still open, on the calling thread
   * @return its connection
   * @throws IllegalArgumentException if the transaction belongs to another store
   * @throws IllegalStateException if it is closed or belongs to another thread
   */
  public Connection connection(Transaction tx) {
    return JdbcTransaction.connection(tx, this);
  }

  @Override
  public <T, X extends Exception> T inTransaction(TransactionCallback<T, X> work) throws X {
    Objects.requireNonNull(work, "work");
    checkOpen();
    if (current.get() != null) {
      throw new IllegalStateException(
          "a transaction of this store is already open on this thread;"
              + " pass its Transaction instead of starting another");
    }
    Connection connection = connect("begin transaction");
    JdbcTransaction tx = new JdbcTransaction(this, connection);
    current.set(tx);
    boolean committed = false;
    T result;
    try {
      setAutoCommit(connection, false, "begin transaction");
      result = work.run(tx);
      try {
        connection.commit();
      } catch (SQLException e) {
        throw new StatementFailedException("commit", e);
      }
      committed = true;
    } finally {
      tx.close();
      current.remove();
      if (committed == false) {
        rollbackQuietly(connection);
      }
      release(connection);
    }
    runAfterCommit(tx.afterCommitActions());
    return result;
  }

  @Override
  public int rotateMasterKey() {
    checkOpen();
    long newId = ring.beginRotation();
    int total = 0;
    int batch;
    do {
      batch = inTransaction(tx -> {
        try {
          return vault.rewrap(JdbcTransaction.connection(tx, this), newId, REWRAP_BATCH);
        } catch (SQLException e) {
          throw new StatementFailedException("rotate master key", e);
        }
      });
      total += batch;
    } while (batch > 0);
    List<Long> left = read("rotate master key", vault::masterKeyIds);
    if (left.stream().anyMatch(id -> id != newId)) {
      // Another process wrapped a key with the old master key meanwhile; keep the old key.
      throw new MasterKeyException(
          "data keys wrapped by master keys " + left + " remain after re-wrapping with "
              + newId + "; is another process using the database? Run the rotation again.");
    }
    ring.finishRotation(newId);
    checkpoint("master key rotation");
    LOG.info("Rotated the master key in {} to key {}: re-wrapped {} data keys",
        ring.file(), newId, total);
    return total;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      dataSource.close();
    }
  }

  /**
   * Describes the store by its configuration (password masked).
   *
   * @return a description safe to log
   */
  @Override
  public String toString() {
    return "JdbcStore[" + config + "]";
  }

  // ---- package-private helpers for the repositories and tests -------------------------------

  Vendor vendor() {
    return vendor;
  }

  KeyVault vault() {
    return vault;
  }

  /** The current time, truncated to the microseconds the store keeps. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** Runs read-only work on a pooled connection in auto-commit mode. */
  <T> T read(String operation, Sql.Work<T> work) {
    checkOpen();
    Connection connection = connect(operation);
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StatementFailedException(operation, e);
    } finally {
      release(connection);
    }
  }

  /**
   * Runs read-only work that streams a large result: on PostgreSQL inside a read-only
   * transaction, which the driver needs to fetch rows in batches instead of all at once.
   */
  <T> T readStreaming(String operation, Sql.Work<T> work) {
    if (vendor == Vendor.SQLITE) {
      return read(operation, work); // sqlite-jdbc steps through rows lazily anyway
    }
    checkOpen();
    Connection connection = connect(operation);
    try {
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      return work.run(connection);
    } catch (SQLException e) {
      throw new StatementFailedException(operation, e);
    } finally {
      rollbackQuietly(connection);
      try {
        connection.setReadOnly(false);
      } catch (SQLException e) {
        LOG.debug("Could not reset read-only mode", e);
      }
      release(connection);
    }
  }

  /**
   * On SQLite, copies the WAL into the database and truncates it, so that deleted rows do not
   * linger in WAL frames; logs instead of throwing, since the data is already committed and
   * sealed under destroyed keys.
   */
  void checkpoint(String reason) {
    if (vendor != Vendor.SQLITE || closed.get()) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      if (row.next() && row.getInt(1) != 0) {
        LOG.warn("WAL checkpoint after {} was blocked by readers; erased rows stay in the WAL,"
            + " sealed under destroyed keys, until the next checkpoint", reason);
      }
    } catch (SQLException e) {
      LOG.warn("WAL checkpoint after {} failed", reason, e);
    }
  }

  // ---- internals ----------------------------------------------------------------------------

  /**
   * Checks that the ring holds every master key the data keys are wrapped with, and that each
   * really unwraps one of them (a key file from another installation has the same ids).
   */
  private void checkMasterKeys() {
    List<Long> ids = read("check master keys", vault::masterKeyIds);
    for (long id : ids) {
      if (ring.contains(id) == false) {
        throw new MasterKeyException(
            "the database holds data keys wrapped by master key " + id + ", which is not in "
                + ring.file() + " (it holds " + ring.ids() + "): wrong master key file?");
      }
      try {
        read("check master keys", c -> {
          vault.checkUnwraps(c, id);
          return null;
        });
      } catch (DecryptionFailedException e) {
        throw new MasterKeyException(
            "master key " + id + " in " + ring.file() + " does not decrypt the database's data"
                + " keys: wrong master key file?", e);
      }
    }
  }

  private static List<Long> masterKeyIds(HikariDataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return Sql.list(c, "SELECT DISTINCT master_key_id FROM data_keys ORDER BY master_key_id",
          row -> row.getLong(1));
    } catch (SQLException e) {
      throw new StatementFailedException("check master keys", e);
    }
  }

  private void runAfterCommit(List<Runnable> actions) {
    RuntimeException first = null;
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private Connection connect(String operation) {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new StatementFailedException(operation + ": get a connection", e);
    }
  }

  private static void setAutoCommit(Connection connection, boolean on, String operation) {
    try {
      connection.setAutoCommit(on);
    } catch (SQLException e) {
      throw new StatementFailedException(operation, e);
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      if (connection.getAutoCommit() == false) {
        connection.rollback();
      }
    } catch (SQLException e) {
      LOG.warn("Rollback failed", e);
    }
  }

  private static void release(Connection connection) {
    try {
      // sqlite-jdbc begins the next transaction right after a commit or rollback; returning to
      // auto-commit ends it at once, so that the write lock is not held by an idle connection.
      if (connection.getAutoCommit() == false) {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      LOG.warn("Could not reset auto-commit", e);
    }
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("Could not return a connection to the pool", e);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the store is closed");
    }
  }

  private static HikariDataSource startPool(StoreConfig config, Vendor vendor) {
    try {
      return new HikariDataSource(poolConfig(config, vendor));
    } catch (RuntimeException e) {
      // Hikari fails fast when the first connection cannot be made; name the database.
      if (e.getCause() instanceof SQLException cause) {
        throw new StatementFailedException("connect to " + JdbcUrls.redact(config.jdbcUrl()), cause);
      }
      throw e;
    }
  }

  private static HikariConfig poolConfig(StoreConfig config, Vendor vendor) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("candor-store");
    pool.setJdbcUrl(config.jdbcUrl());
    if (config.user() != null) {
      pool.setUsername(config.user());
    }
    if (config.password() != null) {
      pool.setPassword(config.password());
    }
    pool.setMaximumPoolSize(config.maxPoolSize());
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(Math.max(250, config.busyTimeout().toMillis()));
    pool.setAutoCommit(true);
    if (vendor == Vendor.SQLITE) {
      // sqlite-jdbc applies these pragmas to every connection it opens.
      pool.addDataSourceProperty("journal_mode", "WAL");
      pool.addDataSourceProperty("foreign_keys", "true");
      pool.addDataSourceProperty("secure_delete", "true");
      pool.addDataSourceProperty("busy_timeout", Long.toString(config.busyTimeout().toMillis()));
      pool.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    }
    return pool;
  }

  private static void migrate(StoreConfig config, Vendor vendor, HikariDataSource dataSource) {
    try {
      Flyway.configure(JdbcStore.class.getClassLoader())
          .dataSource(dataSource)
          .loggers("slf4j") // through the application's logging, not java.util.logging
          .locations("classpath:db/migration/common",
              "classpath:db/migration/" + vendor.migrationFolder())
          .placeholders(Map.of("blob", vendor.blobType()))
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new MigrationFailedException(
          JdbcUrls.redact("cannot migrate the database at " + config.jdbcUrl() + ": "
              + e.getMessage()), e);
    }
  }

  private static void createSqliteDirectory(String jdbcUrl) {
    String path = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + parent, e);
    }
  }
}
