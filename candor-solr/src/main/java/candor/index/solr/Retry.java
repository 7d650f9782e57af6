package candor.index.solr;

import java.io.IOException;
import java.time.Duration;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.common.SolrException;

/**
 * Repeats a Solr request that failed for a reason that may pass (a node down, a leader being
 * elected, a timeout) until it succeeds or a deadline passes.
 *
 * <p>Only idempotent requests are retried: upserts and deletes by id, commits and reads.
 */
final class Retry {

  /** A request to Solr. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws SolrServerException, IOException;
  }

  // Starts short, for a momentary failure, and grows to a second, for a leader election.
  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long MAX_PAUSE_MILLIS = 1_000;

  private Retry() {}

  /**
   * Runs {@code call}, repeating it after transient failures for up to {@code timeout}.
   *
   * @return the call's result
   * @throws SolrServerException, IOException or SolrException: the last failure, once the time is
   *     up or for a failure that will not pass (a 4xx answer)
   */
  static <T> T withRetries(Duration timeout, Call<T> call)
      throws SolrServerException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      try {
        return call.run();
      } catch (SolrServerException | IOException | SolrException e) {
        if (isPermanent(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while retrying a Solr request", e);
      }
      pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
    }
  }

  /** A 4xx answer (a bad request or a missing collection) will fail the same way again. */
  private static boolean isPermanent(Exception e) {
    return e instanceof SolrException solr && solr.code() >= 400 && solr.code() < 500;
  }
}
