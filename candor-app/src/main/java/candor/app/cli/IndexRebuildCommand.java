package candor.app.cli;

import candor.core.gallery.Gallery;
import candor.core.access.Maintenance;
import candor.core.gallery.GalleryConfig;
import candor.core.policy.Action;
import candor.core.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor index rebuild}: empties the configured index and replays the store into it. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
    header = "Rebuild the vector index from the store's change log.",
    description = "Empties the configured index (--index: the Lucene or exact folder, or the"
        + " Solr collection) and replays every change of the store into it, committing as it"
        + " goes. Resumable: if a rebuild is interrupted, running it again continues after the"
        + " last commit instead of starting over. Use it to fill a new backend (such as a Solr"
        + " collection) from an existing store, or after the index was damaged. Needs the index"
        + " to itself (stop 'candor serve' first).")
public final class IndexRebuildCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Option(names = "--commit-every", paramLabel = "N", defaultValue = "10000",
      description = "Changes between index commits, the most a resumed rebuild redoes"
          + " (default: ${DEFAULT-VALUE}).")
  int commitEvery;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GalleryConfig config = gallery.rebuildConfig(data);
    String token = key.token();
    GallerySession.refuseBesideServer(config);
    // The rebuild needs the index to itself, so it is authorised on the store alone (an admin's
    // key, audited) before the index is touched.
    try (JdbcStore store = JdbcStore.open(config.store())) {
      Maintenance.authorize(store, gallery.policy(data), token, KeysCommand.operator(),
              Action.INDEX_MANAGE, "index", Map.of("operation", "rebuild"))
          .orElseThrow(() -> new KeyRequiredException(
              "the API key is unknown or revoked (the attempt is audited): " + KeyOptions.HOW));
    }
    boolean resuming = Files.exists(config.rebuildMarker());
    err.println((resuming ? "Resuming the rebuild of " : "Rebuilding ")
        + config.indexLocation() + " from the store");
    err.flush();
    long start = System.nanoTime();
    long[] lastPrint = {0};
    Gallery.Replay replay = Gallery.rebuildIndex(config, commitEvery, (from, done, last) -> {
      long now = System.nanoTime();
      if (done < last && now - lastPrint[0] < 500_000_000L) {
        return;
      }
      lastPrint[0] = now;
      long total = Math.max(1, last - from);
      err.printf(Locale.ROOT, "\rindex rebuild: sequence %,d of %,d (%.0f %%)   ", done, last,
          100.0 * (done - from) / total);
      err.flush();
    });
    err.println();
    err.flush();
    out.printf(Locale.ROOT, "index %s %s in %.1f s: %,d additions and %,d deletions replayed"
            + " (sequence %d to %d)%n", config.indexLocation(),
        resuming ? "rebuild resumed and finished" : "rebuilt",
        (System.nanoTime() - start) / 1e9, replay.added(), replay.deleted(),
        replay.fromSequence(), replay.toSequence());
    if (replay.reason() == null) {
      gallery.recordIndex(data);
    }
    if (replay.reason() != null) {
      // The marker stays, so a rerun continues; opening the gallery rebuilds a disagreeing index.
      out.println("warning: the index disagrees with the store: " + replay.reason());
      out.flush();
      return ExitCodes.FAILED;
    }
    out.flush();
    return ExitCodes.OK;
  }
}
