package candor.core.policy;

/**
 * What a principal may ask Candor to do. Each action is either scoped to the collections it
 * touches (the principal must be granted every one of them) or global.
 */
public enum Action {
  /** Create, revoke and list API keys. */
  KEYS_MANAGE(false, "manage API keys"),
  /** Create a collection. */
  COLLECTION_CREATE(false, "create collections"),
  /** See a collection's settings and counts. */
  COLLECTION_READ(true, "read collections"),
  /** Enrol a subject (with a lawful basis) and add photos of them. */
  SUBJECT_ENROL(true, "enrol subjects"),
  /** See a subject's record. */
  SUBJECT_READ(true, "read subjects"),
  /** Ingest unlabelled media (faces without a subject). */
  MEDIA_INGEST(true, "ingest media"),
  /** Erase a subject or an image, with its faces. */
  ERASE(true, "erase subjects and media"),
  /** Detect faces in an uploaded photo; nothing is stored. */
  DETECT(false, "detect faces"),
  /** Compare two uploaded photos 1:1; nothing is stored. */
  COMPARE(false, "compare faces"),
  /** Search collections 1:N with a probe photo, for a purpose and a case. */
  SEARCH(true, "search collections"),
  /** Approve a search that spans several collections, or all of them. */
  SEARCH_APPROVE(true, "approve multi-collection searches"),
  /** Confirm or reject a candidate of a search. */
  REVIEW(true, "review candidates"),
  /** See the reviews of a search. */
  REVIEW_READ(true, "read reviews"),
  /** Read and verify the audit log. */
  AUDIT_READ(false, "read the audit log"),
  /** Merge or rebuild the gallery's derived vector index. */
  INDEX_MANAGE(false, "maintain the vector index"),
  /** Move the gallery to another model pack: re-template every face, then switch (issue 17). */
  PACK_MIGRATE(false, "move the gallery to another model pack"),
  /** Sign a checkpoint of the audit chain now, with the service's signing key. */
  AUDIT_CHECKPOINT(false, "sign audit checkpoints"),
  /** Run the retention sweeper now. */
  RETENTION_RUN(false, "run the retention sweeper"),
  /**
   * Receive and answer people's requests about their faces (access, erasure, objection, opt-out):
   * the register, identity checks, answers, objections and the do-not-enrol list.
   */
  REQUEST_HANDLE(false, "handle people's requests"),
  /** Search every collection with a requester's own photo, for their access request. */
  REQUEST_SEARCH(true, "search for a requester's faces"),
  /** Confirm or reject a match of an access request, and see its face. */
  REQUEST_REVIEW(true, "review the matches of access requests"),
  /** Erase, on a person's request, the faces two reviewers confirmed as theirs. */
  REQUEST_ERASE(true, "erase faces on a person's request"),
  /**
   * Read what Candor publishes anyway: the retention schedule, the transparency report and the
   * service's metrics (aggregates, no personal data).
   */
  PUBLIC_READ(false, "read published reports");

  private final boolean collectionScoped;
  private final String description;

  Action(boolean collectionScoped, String description) {
    this.collectionScoped = collectionScoped;
    this.description = description;
  }

  /**
   * Returns whether the action touches collections, so that the principal must be granted each.
   *
   * @return {@code true} for collection-scoped actions
   */
  public boolean collectionScoped() {
    return collectionScoped;
  }

  /**
   * Returns the action in words, as used in decisions ("may not search collections").
   *
   * @return the description, lower case
   */
  public String description() {
    return description;
  }
}
