package candor.core.gallery;

/**
 * Where an ingest stands, reported after each file.
 *
 * @param done files finished (stored, skipped or failed)
 * @param total files to do
 * @param faces faces stored so far
 * @param duplicates files skipped as already in the collection
 * @param errors files that failed
 */
public record IngestProgress(int done, int total, long faces, int duplicates, int errors) {

  /** Receives progress; called from the ingest's writer thread, so keep it quick. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called after each file.
     *
     * @param progress the counts so far
     */
    void update(IngestProgress progress);

    /** A listener that ignores progress. */
    Listener NONE = progress -> { };
  }
}
