package candor.core.gallery;

import candor.index.IndexConfig;
import candor.index.VectorIndex;
import candor.index.exact.ExactIndex;
import candor.index.lucene.LuceneVectorIndex;
import java.nio.file.Path;

/**
 * Which {@link VectorIndex} a gallery derives from its store, and the folder of the data
 * directory it lives in. Each kind keeps its own folder and its own committed sequence, so
 * switching kinds replays the store into the other folder instead of mixing files.
 */
public enum IndexKind {
  /** HNSW over int8-quantized templates with exact rescoring: the default, for any size. */
  LUCENE("index") {
    @Override
    VectorIndex open(Path folder, IndexConfig config) {
      return LuceneVectorIndex.open(folder, config);
    }
  },
  /** An exhaustive scan held on the heap: exact, for small galleries and for checking. */
  EXACT("index-exact") {
    @Override
    VectorIndex open(Path folder, IndexConfig config) {
      return ExactIndex.open(folder, config);
    }
  };

  private final String folderName;

  IndexKind(String folderName) {
    this.folderName = folderName;
  }

  /**
   * Returns the index folder's name inside the data directory.
   *
   * @return {@code "index"} or {@code "index-exact"}
   */
  public String folderName() {
    return folderName;
  }

  /** Opens (or creates) the index in {@code folder}; the caller closes it. */
  abstract VectorIndex open(Path folder, IndexConfig config);
}
