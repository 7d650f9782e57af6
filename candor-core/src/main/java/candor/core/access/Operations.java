package candor.core.access;

import candor.core.eval.DemographicMeasurements;
import candor.core.gallery.AccessSearch;
import candor.core.gallery.CollectionService;
import candor.core.gallery.ErasureService;
import candor.core.gallery.Gallery;
import candor.core.gallery.IngestService;
import candor.core.gallery.SearchService;
import candor.core.policy.Guard;
import candor.core.policy.Policy;
import candor.core.policy.PolicyConfig;
import candor.core.policy.Reviews;
import candor.core.policy.SearchApprovals;
import candor.core.retention.RetentionSweeper;
import candor.core.review.ReviewDesk;
import candor.core.transparency.Transparency;
import candor.vision.FacePipeline;
import candor.vision.image.ImageLoader;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything Candor offers its users, wired once over an open gallery and face engine: the one
 * entry point of the HTTP API and of the command line, which act for an authenticated principal.
 * Each resource has its own operations ({@link #keys()}, {@link #collections()}, {@link
 * #subjects()}, {@link #searches()}, {@link #audit()}, {@link #engine()}, {@link
 * #requests()}); every operation checks the {@link Guard} first and is audited. No rule lives
 * here: the rules are in {@link Policy}, the use cases in {@code candor.core.gallery}.
 *
 * <p>Thread-safe. The caller closes the gallery and pipeline it passed.
 */
public final class Operations {

  private final Wiring wiring;
  private final KeyOperations keys;
  private final CollectionOperations collections;
  private final SubjectOperations subjects;
  private final SearchOperations searches;
  private final AuditOperations audit;
  private final EngineOperations engine;
  private final RequestOperations requests;
  private final RetentionSweeper retention;

  /**
   * Wires the operations over an open gallery and face engine.
   *
   * @param gallery the open gallery
   * @param pipeline the face engine (its model must be the gallery's)
   * @param loader the image loader, with the upload limits
   * @param config the deployment's policy choices
   * @param clock the clock for dates and times
   */
  public Operations(Gallery gallery, FacePipeline pipeline, ImageLoader loader,
      PolicyConfig config, Clock clock) {
    Objects.requireNonNull(gallery, "gallery");
    this.wiring = new Wiring(gallery, gallery.store(), Objects.requireNonNull(pipeline,
        "pipeline"), Objects.requireNonNull(loader, "loader"), Objects.requireNonNull(clock,
        "clock"), new Guard(gallery.store(), new Policy(config)),
        PublicIds.openOrCreate(
            gallery.config().store().masterKeyFile().resolveSibling(PublicIds.FILE_NAME)));
    CollectionService collectionService = new CollectionService(gallery);
    ErasureService erasure = new ErasureService(gallery);
    this.retention = new RetentionSweeper(gallery, erasure, clock);
    this.keys = new KeyOperations(wiring, new ApiKeys(gallery.store(), clock, new SecureRandom()));
    this.collections = new CollectionOperations(wiring, collectionService);
    this.subjects = new SubjectOperations(wiring, collectionService,
        new IngestService(gallery, pipeline, loader), erasure);
    Reviews reviews = new Reviews(gallery.store(), clock, config);
    this.searches = new SearchOperations(wiring, collectionService,
        new SearchService(gallery, pipeline, loader, clock),
        new SearchApprovals(gallery.store(), config, clock), reviews,
        new ReviewDesk(gallery.store(), reviews, config, clock));
    this.audit = new AuditOperations(wiring, retention,
        new Transparency(gallery.store().audit(), gallery.store().packs(), clock,
            new DemographicMeasurements(gallery.dataDir())::published));
    this.engine = new EngineOperations(wiring);
    this.requests = new RequestOperations(wiring, new Reviews(gallery.store(), clock), erasure,
        new AccessSearch(gallery));
  }

  /**
   * Returns the codec of the faces' public ids, which every response shows instead of the
   * store's sequence numbers.
   *
   * @return the codec
   */
  public PublicIds publicIds() {
    return wiring.ids();
  }

  /**
   * Returns the API keys: issuing, revoking, listing, authenticating.
   *
   * @return the key operations
   */
  public KeyOperations keys() {
    return keys;
  }

  /**
   * Returns the collections and the index upkeep.
   *
   * @return the collection operations
   */
  public CollectionOperations collections() {
    return collections;
  }

  /**
   * Returns the subjects, their photos, bulk ingests and erasure.
   *
   * @return the subject operations
   */
  public SubjectOperations subjects() {
    return subjects;
  }

  /**
   * Returns the 1:N searches, their approvals and reviews.
   *
   * @return the search operations
   */
  public SearchOperations searches() {
    return searches;
  }

  /**
   * Returns the audit log, retention and transparency.
   *
   * @return the audit operations
   */
  public AuditOperations audit() {
    return audit;
  }

  /**
   * Returns detection and 1:1 comparison.
   *
   * @return the engine operations
   */
  public EngineOperations engine() {
    return engine;
  }

  /**
   * Returns people's requests about their own faces: access, erasure, objection, the register
   * and the do-not-enrol list.
   *
   * @return the request operations
   */
  public RequestOperations requests() {
    return requests;
  }

  /**
   * Returns the policy in force.
   *
   * @return the policy
   */
  public Policy policy() {
    return wiring.guard().policy();
  }

  /**
   * Returns the gallery, for read-only figures such as the index size.
   *
   * @return the gallery
   */
  public Gallery gallery() {
    return wiring.gallery();
  }

  /**
   * Returns the retention sweeper, for the service's daily schedule.
   *
   * @return the sweeper
   */
  public RetentionSweeper retention() {
    return retention;
  }
}
