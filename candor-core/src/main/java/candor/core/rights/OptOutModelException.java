package candor.core.rights;

import java.util.List;

/**
 * Thrown when an ingest cannot check its faces against the whole do-not-enrol list: some entries
 * hold templates of another model than the engine's (the gallery moved to another pack after
 * they were added). A template is comparable only with templates of its own model, and the
 * photos the entries were made from are not kept, so the ingest refuses rather than enrol a
 * listed person unchecked.
 */
public final class OptOutModelException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param modelId the engine's template model id
   * @param entries how many entries hold another model's templates
   * @param others those models
   */
  public OptOutModelException(String modelId, long entries, List<String> others) {
    super("the do-not-enrol list holds " + entries + " entr" + (entries == 1 ? "y" : "ies")
        + " made with templates " + String.join(", ", others) + ", which this engine (templates "
        + modelId + ") cannot compare, so no face is ingested: add each person again with their"
        + " photo (candor requests optout) and remove the old entries (candor requests"
        + " optout-remove; candor requests optouts lists them with their model)");
  }
}
