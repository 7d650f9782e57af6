package candor.app.cli;

import java.io.PrintWriter;
import java.util.function.IntConsumer;

/** A one-line progress counter on stderr, redrawn at most every half second. */
final class Progress implements IntConsumer {
  private final PrintWriter err;
  private final String label;
  private final int total;
  private final long start = System.nanoTime();
  private long lastPrint;

  Progress(PrintWriter err, String label, int total) {
    this.err = err;
    this.label = label;
    this.total = total;
  }

  @Override
  public synchronized void accept(int done) {
    long now = System.nanoTime();
    if (done < total && now - lastPrint < 500_000_000L) {
      return;
    }
    lastPrint = now;
    double secs = (now - start) / 1e9;
    double rate = done / Math.max(secs, 1e-9);
    err.printf("\r%s %d/%d  %.1f img/s  ETA %ds   ", label, done, total, rate, (int) ((total - done) / Math.max(rate, 1e-9)));
    if (done == total) {
      err.println();
    }
    err.flush();
  }

  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
