package candor.core.gallery;

import java.nio.file.Path;

/** The gallery contract on the embedded defaults: SQLite and Lucene in the data directory. */
final class GallerySqliteLuceneTest extends GalleryBackendContract {

  @Override
  GalleryConfig config(Path dataDir) {
    return GalleryConfig.defaults(dataDir);
  }
}
