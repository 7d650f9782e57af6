package candor.core.crypto;

import candor.core.store.StoreException;

/**
 * Thrown when data is opened whose data key has been destroyed, which is what erasure does: the
 * data is gone for good.
 */
public final class KeyDestroyedException extends StoreException {

  private static final long serialVersionUID = 1L;

  /** Whose key is gone. */
  private final transient KeyOwner owner;

  /**
   * Creates the exception.
   *
   * @param owner whose key is gone
   */
  public KeyDestroyedException(KeyOwner owner) {
    super("the data key of " + owner.id() + " has been destroyed");
    this.owner = owner;
  }

  /**
   * Returns whose key is gone.
   *
   * @return the key's owner
   */
  public KeyOwner owner() {
    return owner;
  }
}
