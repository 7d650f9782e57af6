package candor.core.gallery;

import candor.core.store.StoreConfig;
import candor.index.IndexConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a gallery keeps its data and which store and index it uses.
 *
 * <p>Layout of the data directory: the SQLite database and master key as {@link StoreConfig}
 * places them (unless the store is PostgreSQL), the vector index in {@code index/} (or {@code
 * index-exact/}), sealed face crops in {@code crops/}, sealed originals in {@code originals/},
 * and unfinished erasures in {@code pending-erasures/}.
 *
 * @param dataDir the data directory; created when the gallery opens
 * @param store the SQL store, the truth the index is derived from
 * @param indexKind the vector index implementation
 * @param index the vector index settings; its dimension must match the templates stored
 */
public record GalleryConfig(Path dataDir, StoreConfig store, IndexKind indexKind, IndexConfig index) {

  /**
   * Validates the configuration.
   *
   * @throws NullPointerException if an argument is null
   */
  public GalleryConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(indexKind, "indexKind");
    Objects.requireNonNull(index, "index");
  }

  /**
   * Returns the zero-set-up configuration: SQLite and a Lucene index inside {@code dataDir}.
   *
   * @param dataDir the data directory
   * @return the configuration
   */
  public static GalleryConfig defaults(Path dataDir) {
    return new GalleryConfig(
        dataDir, StoreConfig.sqlite(dataDir), IndexKind.LUCENE, IndexConfig.defaults());
  }

  /**
   * Returns a copy with another store.
   *
   * @param newStore the store configuration
   * @return the new configuration
   */
  public GalleryConfig withStore(StoreConfig newStore) {
    return new GalleryConfig(dataDir, newStore, indexKind, index);
  }

  /**
   * Returns a copy with another index kind.
   *
   * @param newKind the index kind
   * @return the new configuration
   */
  public GalleryConfig withIndexKind(IndexKind newKind) {
    return new GalleryConfig(dataDir, store, newKind, index);
  }

  /**
   * Returns a copy with other index settings.
   *
   * @param newIndex the index settings
   * @return the new configuration
   */
  public GalleryConfig withIndex(IndexConfig newIndex) {
    return new GalleryConfig(dataDir, store, indexKind, newIndex);
  }

  /**
   * Returns the index folder.
   *
   * @return {@code dataDir/index} or {@code dataDir/index-exact}
   */
  public Path indexFolder() {
    return dataDir.resolve(indexKind.folderName());
  }
}
