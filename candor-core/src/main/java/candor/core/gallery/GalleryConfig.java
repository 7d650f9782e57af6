package candor.core.gallery;

import candor.core.store.JdbcUrls;
import candor.core.store.StoreConfig;
import candor.index.IndexConfig;
import candor.index.solr.SolrIndexConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a gallery keeps its data and which store and index it uses.
 *
 * <p>Layout of the data directory: the SQLite database and master key as {@link StoreConfig}
 * places them (unless the store is PostgreSQL, where only the master key stays here), the vector
 * index in {@code index/} (or {@code index-exact/}; a {@link IndexKind#SOLR} index lives in its
 * cluster), sealed face crops in {@code crops/}, sealed originals in {@code originals/}, and
 * unfinished erasures in {@code pending-erasures/}.
 *
 * @param dataDir the data directory; created when the gallery opens
 * @param store the SQL store, the truth the index is derived from
 * @param indexKind the vector index implementation
 * @param index the vector index settings; its dimension must match the templates stored
 * @param solr where the {@link IndexKind#SOLR} index lives (ZooKeeper address and chroot,
 *     collection, shards and replicas of a new collection); {@code null} for the other kinds
 */
public record GalleryConfig(
    Path dataDir, StoreConfig store, IndexKind indexKind, IndexConfig index, SolrIndexConfig solr) {

  /**
   * Validates the configuration.
   *
   * @throws NullPointerException if an argument other than {@code solr} is null
   * @throws IllegalArgumentException if the index kind is {@link IndexKind#SOLR} and no Solr
   *     settings are given
   */
  public GalleryConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(indexKind, "indexKind");
    Objects.requireNonNull(index, "index");
    if (indexKind == IndexKind.SOLR && solr == null) {
      throw new IllegalArgumentException("the SOLR index needs Solr settings (ZooKeeper address"
          + " and collection); use withSolr");
    }
  }

  /**
   * A configuration without Solr settings, for the embedded index kinds.
   *
   * @param dataDir the data directory
   * @param store the SQL store
   * @param indexKind the vector index implementation
   * @param index the vector index settings
   */
  public GalleryConfig(Path dataDir, StoreConfig store, IndexKind indexKind, IndexConfig index) {
    this(dataDir, store, indexKind, index, null);
  }

  /**
   * Returns the zero-set-up configuration: SQLite and a Lucene index inside {@code dataDir}.
   *
   * @param dataDir the data directory
   * @return the configuration
   */
  public static GalleryConfig defaults(Path dataDir) {
    return new GalleryConfig(
        dataDir, StoreConfig.sqlite(dataDir), IndexKind.LUCENE, IndexConfig.defaults(), null);
  }

  /**
   * Returns a copy with another store.
   *
   * @param newStore the store configuration
   * @return the new configuration
   */
  public GalleryConfig withStore(StoreConfig newStore) {
    return new GalleryConfig(dataDir, newStore, indexKind, index, solr);
  }

  /**
   * Returns a copy whose store is the PostgreSQL database at {@code jdbcUrl}, with the master key
   * ring where a SQLite store would keep it ({@code dataDir/keys/master.key}).
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL; it may carry user, password and {@code
   *     currentSchema}
   * @return the new configuration
   * @throws IllegalArgumentException if the URL is not a PostgreSQL one
   */
  public GalleryConfig withPostgresql(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (jdbcUrl.startsWith("jdbc:postgresql:") == false) {
      throw new IllegalArgumentException(
          "expected a jdbc:postgresql: URL for the PostgreSQL store, got '"
              + JdbcUrls.redact(jdbcUrl) + "'");
    }
    return withStore(StoreConfig.postgresql(
        jdbcUrl, null, null, dataDir.resolve(StoreConfig.DEFAULT_MASTER_KEY_FILE)));
  }

  /**
   * Returns a copy on a PostgreSQL store with a password given apart from the URL.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @param password the password, or {@code null}
   * @return the new configuration
   * @throws IllegalArgumentException if the URL is not a PostgreSQL URL
   */
  public GalleryConfig withPostgresql(String jdbcUrl, String password) {
    GalleryConfig config = withPostgresql(jdbcUrl);
    return withStore(StoreConfig.postgresql(jdbcUrl, null, password,
        config.store().masterKeyFile()));
  }


  /**
   * Returns a copy with another index kind. Choosing {@link IndexKind#SOLR} needs Solr settings,
   * given before or by {@link #withSolr}.
   *
   * @param newKind the index kind
   * @return the new configuration
   */
  public GalleryConfig withIndexKind(IndexKind newKind) {
    return new GalleryConfig(dataDir, store, newKind, index, solr);
  }

  /**
   * Returns a copy with other index settings.
   *
   * @param newIndex the index settings
   * @return the new configuration
   */
  public GalleryConfig withIndex(IndexConfig newIndex) {
    return new GalleryConfig(dataDir, store, indexKind, newIndex, solr);
  }

  /**
   * Returns a copy whose index is the SolrCloud collection {@code newSolr} names.
   *
   * @param newSolr the cluster and collection
   * @return the new configuration, of kind {@link IndexKind#SOLR}
   */
  public GalleryConfig withSolr(SolrIndexConfig newSolr) {
    Objects.requireNonNull(newSolr, "newSolr");
    return new GalleryConfig(dataDir, store, IndexKind.SOLR, index, newSolr);
  }

  /**
   * Returns the index folder of an embedded index.
   *
   * @return {@code dataDir/index} or {@code dataDir/index-exact}
   * @throws IllegalStateException for {@link IndexKind#SOLR}, which has no folder
   */
  public Path indexFolder() {
    if (indexKind.folderName() == null) {
      throw new IllegalStateException("the " + indexKind + " index has no folder; it is at "
          + indexLocation());
    }
    return dataDir.resolve(indexKind.folderName());
  }

  /**
   * Returns where the index lives, for messages: its folder, or for {@link IndexKind#SOLR} the
   * ZooKeeper address, chroot and collection.
   *
   * @return the index's location
   */
  public Path indexLocation() {
    return indexKind == IndexKind.SOLR ? solr.location() : indexFolder();
  }

  /**
   * Returns the file in the data directory that marks an unfinished {@link Gallery#rebuildIndex
   * rebuild} of the configured index.
   *
   * @return the marker's path (it exists only while a rebuild is unfinished)
   */
  public Path rebuildMarker() {
    return dataDir.resolve(indexKind.markerName(this));
  }
}
