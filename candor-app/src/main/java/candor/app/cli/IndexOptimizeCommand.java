package candor.app.cli;

import candor.core.access.CollectionOperations;
import candor.index.IndexStats;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor index optimize}: merges the embedded index's segments after a bulk ingest. */
@Command(name = "optimize", mixinStandardHelpOptions = true,
    header = "Merge the index's segments after a bulk ingest, for faster searches.",
    description = "A bulk ingest leaves the embedded Lucene index in several segments, and every"
        + " search walks one graph per segment. Merging them to as many segments as there are"
        + " cores (searched in parallel) makes searches faster; it rewrites the index and takes"
        + " about as long as indexing the smaller segments again. Needs the data directory to"
        + " itself (stop 'candor serve' first).")
public final class IndexOptimizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Option(names = "--segments", paramLabel = "N",
      description = "The most segments to leave (default: the number of cores).")
  Integer segments;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      long start = System.nanoTime();
      CollectionOperations ops = session.ops().collections();
      int left = ops.optimizeIndex(session.principal(),
          segments != null ? segments : Runtime.getRuntime().availableProcessors());
      IndexStats stats = ops.indexStats(session.principal());
      if (left < 0) {
        out.println("this index has no segments to merge");
      } else {
        out.printf(Locale.ROOT, "index merged to %d segment%s in %.1f s: %,d faces, %,d bytes"
                + " on disk%n", left, left == 1 ? "" : "s", (System.nanoTime() - start) / 1e9,
            stats.count(), stats.bytesOnDisk());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
