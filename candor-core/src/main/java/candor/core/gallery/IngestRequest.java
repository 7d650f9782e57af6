package candor.core.gallery;

import candor.core.eval.FaceChoice;
import candor.core.model.CollectionInfo;
import candor.core.model.LawfulBasis;
import java.time.LocalDate;
import java.util.Objects;

/**
 * How to ingest a batch of images: into which collection, on which lawful basis, kept until
 * when, by whom, and whether folders name subjects.
 *
 * @param collection the collection to ingest into
 * @param basis the lawful basis of the subjects created (and, recorded in the audit, of the
 *     images); required
 * @param retainUntil the last day the images and new subjects may be kept, or {@code null} for
 *     today plus the collection's retention; never later than that
 * @param source where the images come from (a URI), prefixed to each image's relative name in
 *     its {@code source}; or {@code null} to record each file's own path
 * @param actor who ingests; not blank
 * @param subjectsFromFolders whether each image's folder names its subject (external reference
 *     the folder name, display name the same with {@code _} as spaces): then only the subject's
 *     face of each image is stored, chosen by {@code subjectFace}, and the other faces in an
 *     enrolment photo (bystanders) are not. Without it every face found is stored, unidentified.
 * @param subjectFace which face of an image is its subject's
 * @param createIfMissing the collection to create when it does not exist yet, or {@code null} to
 *     require that it exists
 * @param threads worker threads analysing images, at least 1 (store writes are serialised on one
 *     more)
 * @param commitEvery commit the vector index every this many files, at least 1 (a crash loses
 *     nothing committed to the store either way: the index replays it on open)
 */
public record IngestRequest(
    String collection,
    LawfulBasis basis,
    LocalDate retainUntil,
    String source,
    String actor,
    boolean subjectsFromFolders,
    FaceChoice subjectFace,
    CollectionService.NewCollection createIfMissing,
    int threads,
    int commitEvery) {

  /** How many files an ingest stores between index commits by default. */
  public static final int DEFAULT_COMMIT_EVERY = 1_000;

  /**
   * Validates the request.
   *
   * @throws IllegalArgumentException if the collection name is invalid, the basis is missing
   *     (message {@code "an ingest requires a lawful basis: consent or authority, with its
   *     reference"}), the actor or source is blank, the collection to create has another name, or
   *     a count is below 1
   * @throws NullPointerException if {@code subjectFace} is null
   */
  public IngestRequest {
    CollectionInfo.checkName(collection);
    if (basis == null) {
      throw new IllegalArgumentException(
          "an ingest requires a lawful basis: consent or authority, with its reference");
    }
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("an ingest requires an actor");
    }
    if (source != null && source.isBlank()) {
      throw new IllegalArgumentException("source must not be blank when given");
    }
    Objects.requireNonNull(subjectFace, "subjectFace");
    if (createIfMissing != null && createIfMissing.name().equals(collection) == false) {
      throw new IllegalArgumentException("the collection to create is '"
          + createIfMissing.name() + "', the ingest's '" + collection + "'");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    if (commitEvery < 1) {
      throw new IllegalArgumentException("commitEvery must be at least 1, got " + commitEvery);
    }
  }
}
