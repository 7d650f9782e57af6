package candor.core.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the store keeps its data and its master key, and how it connects.
 *
 * <p>Two databases are supported, with the same migrations: SQLite (embedded, the default, one
 * file in the data directory) and PostgreSQL.
 *
 * @param jdbcUrl the JDBC URL: {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://...}
 * @param user the database user, or {@code null} (SQLite, or a user given in the URL)
 * @param password the database password, or {@code null}; never printed by {@link #toString()}
 * @param masterKeyFile the file holding the master key ring that wraps the data keys (see {@link
 *     candor.core.crypto.MasterKeyRing}); created on first use. Keep it out of database backups.
 * @param maxPoolSize the most connections the store opens, 1 to 64
 * @param busyTimeout how long a SQLite writer waits for another to finish before failing,
 *     positive; also the wait for a free pooled connection
 */
public record StoreConfig(
    String jdbcUrl,
    String user,
    String password,
    Path masterKeyFile,
    int maxPoolSize,
    Duration busyTimeout) {

  /** The name of the SQLite database file inside the data directory. */
  public static final String SQLITE_FILE_NAME = "candor.db";

  /**
   * The master key file's path relative to the data directory when none is given. It sits in
   * its own sub-directory so that backups of the database file can leave it out; a deployment
   * should rather point {@link #withMasterKeyFile} at a separately protected location.
   */
  public static final String DEFAULT_MASTER_KEY_FILE = "keys/master.key";

  /** The data directory used by {@link #defaults()}. */
  public static final String DEFAULT_DATA_DIR = "candor-data";

  /** The default connection pool size. */
  public static final int DEFAULT_POOL_SIZE = 4;

  /** The default SQLite busy timeout and connection wait. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Validates the configuration.
   *
   * @throws NullPointerException if the URL, key file or timeout is null
   * @throws IllegalArgumentException if the URL is neither SQLite nor PostgreSQL (message
   *     {@code "unsupported JDBC URL 'jdbc:h2:mem:', expected jdbc:sqlite: or jdbc:postgresql:"}),
   *     the pool size is outside 1 to 64, or the timeout is not positive
   */
  public StoreConfig {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (jdbcUrl.startsWith("jdbc:sqlite:") == false
        && jdbcUrl.startsWith("jdbc:postgresql:") == false) {
      throw new IllegalArgumentException(
          "unsupported JDBC URL '" + JdbcUrls.redact(jdbcUrl) + "', expected jdbc:sqlite: or jdbc:postgresql:");
    }
    Objects.requireNonNull(masterKeyFile, "masterKeyFile");
    if (maxPoolSize < 1 || maxPoolSize > 64) {
      throw new IllegalArgumentException("maxPoolSize must be 1 to 64, got " + maxPoolSize);
    }
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    if (busyTimeout.isNegative() || busyTimeout.isZero()) {
      throw new IllegalArgumentException("busyTimeout must be positive, got " + busyTimeout);
    }
  }

  /**
   * Returns the zero-set-up configuration: SQLite in {@value #DEFAULT_DATA_DIR}.
   *
   * @return {@code sqlite(Path.of("candor-data"))}
   */
  public static StoreConfig defaults() {
    return sqlite(Path.of(DEFAULT_DATA_DIR));
  }

  /**
   * Returns a SQLite configuration with the database at {@code dataDir/candor.db} and the master
   * key at {@code dataDir/keys/master.key}.
   *
   * @param dataDir the data directory; created when the store opens
   * @return the configuration
   */
  public static StoreConfig sqlite(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    return new StoreConfig(
        "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE_NAME),
        null,
        null,
        dataDir.resolve(DEFAULT_MASTER_KEY_FILE),
        DEFAULT_POOL_SIZE,
        DEFAULT_BUSY_TIMEOUT);
  }

  /**
   * Returns a PostgreSQL configuration.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL (it may name a schema with {@code
   *     currentSchema=})
   * @param user the user, or {@code null} if the URL names it
   * @param password the password, or {@code null}
   * @param masterKeyFile where the master key ring lives, outside the database
   * @return the configuration
   */
  public static StoreConfig postgresql(
      String jdbcUrl, String user, String password, Path masterKeyFile) {
    return new StoreConfig(
        jdbcUrl, user, password, masterKeyFile, DEFAULT_POOL_SIZE, DEFAULT_BUSY_TIMEOUT);
  }

  /**
   * Returns a copy with another master key file.
   *
   * @param file the master key file
   * @return the new configuration
   */
  public StoreConfig withMasterKeyFile(Path file) {
    return new StoreConfig(jdbcUrl, user, password, file, maxPoolSize, busyTimeout);
  }

  /**
   * Returns a copy with another pool size.
   *
   * @param size the most connections, 1 to 64
   * @return the new configuration
   */
  public StoreConfig withMaxPoolSize(int size) {
    return new StoreConfig(jdbcUrl, user, password, masterKeyFile, size, busyTimeout);
  }

  /**
   * Returns whether the URL names a SQLite database.
   *
   * @return {@code true} for {@code jdbc:sqlite:}
   */
  public boolean isSqlite() {
    return jdbcUrl.startsWith("jdbc:sqlite:");
  }

  /**
   * Describes the configuration with the password masked, also where the URL carries one.
   *
   * @return a description safe to log
   */
  @Override
  public String toString() {
    return "StoreConfig[jdbcUrl=" + JdbcUrls.redact(jdbcUrl) + ", user=" + user + ", password="
        + (password == null ? "null" : "***") + ", masterKeyFile=" + masterKeyFile
        + ", maxPoolSize=" + maxPoolSize + ", busyTimeout=" + busyTimeout + "]";
  }
}
