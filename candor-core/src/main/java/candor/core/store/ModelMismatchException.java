package candor.core.store;

/**
 * A process tried to store or search templates of another model than the gallery's current
 * pack's: it still runs the pack the gallery moved away from (a migration switched meanwhile), or
 * was started with another {@code --model-pack}. Restarting it on the current pack fixes it.
 */
public final class ModelMismatchException extends StoreException {

  private static final long serialVersionUID = 1L;

  private final String currentPack;
  private final String currentModel;

  /**
   * Creates the exception.
   *
   * @param currentPack the gallery's current pack
   * @param currentModel its template model id
   * @param used the model id the process used
   */
  public ModelMismatchException(String currentPack, String currentModel, String used) {
    super("the gallery's current pack is " + currentPack + " (templates " + currentModel + "), this process runs"
        + " templates " + used + ": restart it with --model-pack " + currentPack + " (or without --model-pack)");
    this.currentPack = currentPack;
    this.currentModel = currentModel;
  }

  /** The gallery's current pack. */
  public String currentPack() {
    return currentPack;
  }

  /** The current pack's template model id. */
  public String currentModel() {
    return currentModel;
  }
}
