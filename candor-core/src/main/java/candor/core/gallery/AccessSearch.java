package candor.core.gallery;

import candor.core.model.Face;
import candor.core.store.GalleryStore;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds every face of every collection that reaches a {@link StrictThreshold} for one template:
 * what an access request needs ("do you hold my face?"), where an ordinary search returns a
 * fixed number of nearest candidates. It asks the index for more neighbours until the last one
 * falls below the threshold, up to {@link SearchRequest#MAX_K}.
 *
 * <p>It writes nothing: the caller audits the search together with the request it serves.
 *
 * <p>Privacy: the template stays in memory.
 *
 * <p>Thread-safe.
 */
public final class AccessSearch {

  /** Neighbours asked for first; few people have more faces than this in one gallery. */
  static final int FIRST_K = 100;

  private final Gallery gallery;

  /**
   * Creates the search.
   *
   * @param gallery the open gallery
   */
  public AccessSearch(Gallery gallery) {
    this.gallery = Objects.requireNonNull(gallery, "gallery");
  }

  /**
   * A face that reached the threshold.
   *
   * @param faceId the face
   * @param collection its collection
   * @param score the cosine similarity to the template
   * @param fmr the calibrated false match rate at that score, or {@code null} if uncalibrated
   */
  public record Match(long faceId, String collection, float score, FalseMatchEstimate fmr) {}

  /**
   * What the search found.
   *
   * @param matches the faces at or above the threshold, most similar first; copied
   * @param incomplete whether {@link SearchRequest#MAX_K} neighbours all reached the threshold,
   *     so that there may be more
   */
  public record Found(List<Match> matches, boolean incomplete) {
    /** Copies the matches. */
    public Found {
      matches = List.copyOf(matches);
    }
  }

  /**
   * Searches every collection for faces of the template's model at or above the threshold.
   *
   * @param template the L2-normalised template of the requester's face
   * @param threshold the similarity to reach, of the template's model
   * @return the matches; faces erased meanwhile are left out
   */
  public Found find(float[] template, StrictThreshold threshold) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(threshold, "threshold");
    List<SearchHit> hits;
    int k = FIRST_K;
    while (true) {
      hits = gallery.search(SearchRequest.allCollections(template, k, threshold.modelId()));
      boolean full = hits.size() == k;
      if (full == false || threshold.reached(hits.getLast().score()) == false
          || k == SearchRequest.MAX_K) {
        break;
      }
      k = Math.min(SearchRequest.MAX_K, k * 10);
    }
    boolean incomplete = hits.size() == SearchRequest.MAX_K
        && threshold.reached(hits.getLast().score());
    Optional<Calibration> calibration = Calibration.forModel(threshold.modelId());
    GalleryStore records = gallery.store().gallery();
    List<Match> matches = new ArrayList<>();
    for (SearchHit hit : hits) {
      if (threshold.reached(hit.score()) == false) {
        break; // hits come best first
      }
      Optional<Face> face = records.findFace(hit.id());
      if (face.isPresent()) {
        matches.add(new Match(hit.id(), face.get().collection(), hit.score(),
            calibration.map(c -> c.estimate(hit.score())).orElse(null)));
      }
    }
    return new Found(matches, incomplete);
  }
}
