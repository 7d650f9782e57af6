package candor.core.gallery;

import candor.core.eval.FaceChoice;
import candor.core.eval.Identification;
import candor.vision.VisionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The closed-set 1:N protocol of {@link Identification}, run through the gallery: each mated
 * probe (every image but the first of a person with two or more) is searched with {@link
 * SearchService} like any other search (purpose {@code evaluation}, audited), and is a rank-r hit
 * when a candidate among the first r belongs to the subject named like the probe's folder.
 *
 * <p>It measures the product path (stored templates, the vector index, the candidate list) where
 * {@code candor eval ident} measures the engine alone by exhaustive comparison in memory. With the
 * gallery built by ingesting the same data set with subjects from folders and one enrolment image
 * per folder, and the same face choice, the two give the same rank-1 unless the index misses a
 * neighbour. A probe that cannot be read or holds no face counts as a miss, as there.
 */
public final class GalleryIdentification {

  /** Candidates asked for per probe: enough for rank-5. */
  static final int K = 5;

  private GalleryIdentification() {}

  /**
   * What the protocol measured.
   *
   * @param probes mated probes searched
   * @param rank1 probes whose first candidate is their subject
   * @param rank5 probes whose subject is among the first five candidates
   * @param withoutFace probes unreadable or without a face
   * @param seconds wall-clock time
   */
  public record Result(int probes, int rank1, int rank5, int withoutFace, double seconds) {

    /**
     * Returns the rank-1 identification rate.
     *
     * @return rank-1 hits over probes, 0 with no probe
     */
    public double rank1Rate() {
      return probes == 0 ? 0 : (double) rank1 / probes;
    }

    /**
     * Returns the rank-5 identification rate.
     *
     * @return rank-5 hits over probes, 0 with no probe
     */
    public double rank5Rate() {
      return probes == 0 ? 0 : (double) rank5 / probes;
    }
  }

  /** Runs one audited search: {@link SearchService#search(SearchQuery)} or a policy-checked one. */
  @FunctionalInterface
  public interface Searcher {
    /**
     * Searches.
     *
     * @param query the search
     * @return the candidates
     */
    SearchResult search(SearchQuery query);
  }

  /**
   * Searches every mated probe of a data set folder.
   *
   * @param search runs one search of the gallery holding the enrolled subjects (such as {@link
   *     SearchService#search(SearchQuery)}, or a principal's policy-checked search)
   * @param dataset the folder, one sub-folder of JPEGs per person
   * @param actor who runs the evaluation
   * @param caseRef the case reference every search is audited under
   * @param collections the collections to search
   * @param probeFace which face of each probe to search with
   * @param threads searches run in parallel
   * @param progress told the number of probes done, from worker threads
   * @return the rates
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public static Result run(Searcher search, Path dataset, String actor, String caseRef,
      Set<String> collections, FaceChoice probeFace, int threads, IntConsumer progress) {
    return run(search, dataset, actor, caseRef, collections, probeFace, SearchMode.SUBJECT, 2,
        threads, progress);
  }

  /**
   * Searches the probes of a data set folder that starts them at a given position: with {@code
   * firstProbe} 11 on cfp-dev, each person's photos 11 to 14 (profiles) probe a gallery where
   * photos 1 to 10 (frontal) were enrolled, or only photo 1.
   *
   * @param search runs one search of the gallery holding the enrolled subjects (such as {@link
   *     SearchService#search(SearchQuery)}, or a principal's policy-checked search)
   * @param dataset the folder, one sub-folder of JPEGs per person
   * @param actor who runs the evaluation
   * @param caseRef the case reference every search is audited under
   * @param collections the collections to search
   * @param probeFace which face of each probe to search with
   * @param by search by subject or by face
   * @param firstProbe the position (from 1, by name) of each folder's first probe image; folders
   *     with fewer images have none
   * @param threads searches run in parallel
   * @param progress told the number of probes done, from worker threads
   * @return the rates
   * @throws IllegalArgumentException if {@code firstProbe} is below 2
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public static Result run(Searcher search, Path dataset, String actor, String caseRef,
      Set<String> collections, FaceChoice probeFace, SearchMode by, int firstProbe, int threads,
      IntConsumer progress) {
    Objects.requireNonNull(search, "search");
    long start = System.nanoTime();
    List<Path> probes;
    try {
      probes = probes(dataset, firstProbe);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dataset, e);
    }
    AtomicInteger done = new AtomicInteger();
    AtomicInteger rank1 = new AtomicInteger();
    AtomicInteger rank5 = new AtomicInteger();
    AtomicInteger withoutFace = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> futures = probes.stream().<Future<?>>map(probe -> pool.submit(() -> {
        String expected = probe.getParent().getFileName().toString();
        int rank = rankOf(search, probe, expected, actor, caseRef, collections, probeFace, by);
        if (rank == 0) {
          withoutFace.incrementAndGet();
        }
        if (rank == 1) {
          rank1.incrementAndGet();
        }
        if (rank >= 1 && rank <= K) {
          rank5.incrementAndGet();
        }
        progress.accept(done.incrementAndGet());
      })).toList();
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the evaluation was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Result(probes.size(), rank1.get(), rank5.get(), withoutFace.get(),
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * Lists the probes: in each person's folder with at least {@code firstProbe} images, the
   * images from that position on, by name. With {@code firstProbe} 2 these are the mated probes
   * of {@link Identification#split}.
   *
   * @param dataset the folder, one sub-folder of JPEGs per person
   * @param firstProbe the position (from 1) of the first probe image in each folder
   * @return the probes, by folder and name
   * @throws IOException if the folder cannot be listed
   */
  public static List<Path> probes(Path dataset, int firstProbe) throws IOException {
    if (firstProbe < 2) {
      throw new IllegalArgumentException("the first probe comes after at least one enrolled"
          + " image: position 2 or more, got " + firstProbe);
    }
    List<Path> probes = new java.util.ArrayList<>();
    for (List<Path> images : Identification.imagesByPerson(dataset)) {
      if (images.size() >= firstProbe) {
        probes.addAll(images.subList(firstProbe - 1, images.size()));
      }
    }
    return probes;
  }

  /** The rank of the expected subject: 1 to K, K + 1 if not among them, 0 for no probe face. */
  private static int rankOf(Searcher search, Path image, String expected, String actor,
      String caseRef, Set<String> collections, FaceChoice probeFace, SearchMode by) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(image);
    } catch (IOException e) {
      return 0;
    }
    SearchResult result;
    try {
      result = search.search(new SearchQuery(actor, SearchPurpose.EVALUATION, caseRef,
          collections, K, bytes, image.toString(), probeFace, by));
    } catch (VisionException e) {
      return 0;
    }
    if (result.probeHasFace() == false) {
      return 0;
    }
    for (Candidate candidate : result.candidates()) {
      if (candidate.subject() != null && candidate.subject().externalRef().equals(expected)) {
        return candidate.rank();
      }
    }
    return K + 1;
  }
}
