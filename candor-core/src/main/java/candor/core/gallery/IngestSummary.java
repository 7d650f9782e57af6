package candor.core.gallery;

import candor.core.model.CollectionInfo;
import java.util.List;

/**
 * What an ingest did.
 *
 * @param files input files considered: stored, skipped as duplicates or for the do-not-enrol
 *     list, or failed
 * @param faces faces stored
 * @param skippedDuplicates files skipped because the collection already holds the same bytes
 * @param filesRestored crops (and kept originals) of such files that a crash had left unwritten,
 *     written by this ingest
 * @param mediaStored images stored (with or without faces)
 * @param withoutFace images stored in which no face was found (not an error: the image is
 *     recorded, so a re-run skips it)
 * @param subjectsCreated subjects created from folder names
 * @param errors the files that failed, with the reason; nothing of them was stored; copied
 * @param createdCollection the collection this ingest created, or {@code null} if it existed
 * @param seconds wall-clock time of the ingest
 * @param facesOptedOut faces not stored because they are on the do-not-enrol list (each file
 *     with such faces is audited as {@code optout.skip}); a file whose every face is on it is
 *     not stored at all
 */
public record IngestSummary(
    int files,
    long faces,
    int skippedDuplicates,
    int filesRestored,
    int mediaStored,
    int withoutFace,
    int subjectsCreated,
    List<FileError> errors,
    CollectionInfo createdCollection,
    double seconds,
    long facesOptedOut) {

  /**
   * Copies the errors.
   *
   * @throws NullPointerException if {@code errors} is null
   */
  public IngestSummary {
    errors = List.copyOf(errors);
  }

  /**
   * A summary of an ingest that left no face out for the do-not-enrol list.
   *
   * @throws NullPointerException if {@code errors} is null
   */
  public IngestSummary(int files, long faces, int skippedDuplicates, int filesRestored,
      int mediaStored, int withoutFace, int subjectsCreated, List<FileError> errors,
      CollectionInfo createdCollection, double seconds) {
    this(files, faces, skippedDuplicates, filesRestored, mediaStored, withoutFace,
        subjectsCreated, errors, createdCollection, seconds, 0);
  }

  /**
   * Returns whether every file was stored or skipped as a duplicate.
   *
   * @return {@code true} when no file failed
   */
  public boolean succeeded() {
    return errors.isEmpty();
  }

  /**
   * Returns the rate of files finished per second.
   *
   * @return files per second of wall-clock time
   */
  public double filesPerSecond() {
    return seconds > 0 ? files / seconds : 0;
  }
}
