package candor.index.solr;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The one-writer lock of a template collection: an ephemeral ZooKeeper node, {@code
 * /candor/writers/COLLECTION}, holding a random token.
 *
 * <p>Candor's sequence bookkeeping assumes one writer per index, which the Lucene index enforces
 * with its folder lock; the other application nodes of a deployment search the collection and
 * take the lock over when it comes free. ZooKeeper removes an ephemeral node when its session ends, so a writer
 * that crashes frees the lock after the session timeout; one that closes frees it at once.
 */
final class WriterLock {

  private static final String ROOT = "/candor/writers";

  private final SolrZkClient zk;
  private final String path;
  private final byte[] token;

  private WriterLock(SolrZkClient zk, String path, byte[] token) {
    this.zk = zk;
    this.path = path;
    this.token = token;
  }

  /**
   * Takes the lock of {@code collection} if no other writer holds it.
   *
   * @return the lock, or {@code null} if another writer holds it
   */
  static WriterLock tryAcquire(SolrZkClient zk, String collection)
      throws KeeperException, InterruptedException {
    if (zk.exists(ROOT, true) == false) {
      try {
        zk.makePath(ROOT, false, true);
      } catch (KeeperException.NodeExistsException e) {
        // Another writer of another collection made it first.
      }
    }
    String path = ROOT + "/" + collection;
    byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    try {
      zk.create(path, token, CreateMode.EPHEMERAL, true);
    } catch (KeeperException.NodeExistsException e) {
      return null;
    }
    return new WriterLock(zk, path, token);
  }

  /** Returns whether the lock is still this writer's (a lost session gives it up). */
  boolean isHeld() throws KeeperException, InterruptedException {
    try {
      return Arrays.equals(zk.getData(path, null, null, true), token);
    } catch (KeeperException.NoNodeException e) {
      return false;
    }
  }

  /** Gives the lock up if this writer still holds it. */
  void release() throws KeeperException, InterruptedException {
    if (isHeld()) {
      try {
        zk.delete(path, -1, true);
      } catch (KeeperException.NoNodeException e) {
        // Gone with the session meanwhile: nothing left to release.
      }
    }
  }
}
