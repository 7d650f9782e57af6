package candor.app.cli;

import candor.core.access.Maintenance;
import candor.core.gallery.Gallery;
import candor.core.gallery.GalleryConfig;
import candor.core.gallery.PackMigration;
import candor.core.policy.Action;
import candor.core.policy.Principal;
import candor.core.store.PackStore;
import candor.core.store.jdbc.JdbcStore;
import candor.vision.FacePipeline;
import candor.vision.pack.ModelPack;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candor gallery migrate}: moves the gallery to another model pack (see {@link
 * PackMigration}). The re-templating works on the store alone, so it runs beside {@code candor
 * serve} (whose searches go on with the current pack) and other commands; the switch needs the
 * index to itself. An admin's action, authorised and audited on the store.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    header = "Move the gallery to another model pack: re-template every face, then switch.",
    description = {
      "Re-templates every face with the pack NAME from its kept original (collections created with"
          + " --keep-originals) or its sealed crop, in batches, with progress; resumable (run it again"
          + " after a crash or Ctrl-C and it goes on). Searches keep using the current pack meanwhile,"
          + " and may run beside it (candor serve, or other commands). Faces the new pack cannot"
          + " embed are listed.",
      "--switch then makes NAME the current pack once every face has a template: the old templates"
          + " and their crops are deleted and every later command uses NAME. The switch needs the"
          + " index to itself (stop candor serve first). Needs the same template dimension as the"
          + " index."
    })
public final class GalleryMigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;
  @Mixin EngineOptions engine;

  @Option(names = "--to-pack", paramLabel = "NAME", description = "The pack to move to (see candor models list).")
  String toPack;

  @Option(names = "--switch", description = "Once every face has a template of the new pack, make it current.")
  boolean switchPack;

  @Option(names = "--leave-unembeddable",
      description = "With --switch: switch even though the new pack cannot embed some faces; they keep only their"
          + " old template, which searches no longer compare (erase or re-enrol them).")
  boolean leaveUnembeddable;

  @Option(names = "--status", description = "Print where the running (or last) migration stands, and do nothing else.")
  boolean status;

  @Override
  public Integer call() {
    if (!status && (toPack == null || toPack.isBlank())) {
      throw new IllegalArgumentException("give the pack to move to: --to-pack NAME (or --status)");
    }
    if (leaveUnembeddable && !switchPack) {
      throw new IllegalArgumentException("--leave-unembeddable goes with --switch");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GalleryConfig config = gallery.config(data);
    String token = key.token();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("operation", status ? "status" : switchPack ? "migrate and switch" : "migrate");
    if (toPack != null) {
      details.put("to_pack", toPack);
    }
    Principal principal;
    try (JdbcStore store = JdbcStore.open(config.store())) {
      // the migration works on the store alone, so it is authorised (an admin's key) and audited there
      principal = Maintenance.authorize(store, gallery.policy(data), token, KeysCommand.operator(),
              Action.PACK_MIGRATE, "gallery", details)
          .orElseThrow(() -> new KeyRequiredException(
              "the API key is unknown or revoked (the attempt is audited): " + KeyOptions.HOW));
      if (status) {
        printStatus(out, store.packs());
        out.flush();
        return ExitCodes.OK;
      }
      List<java.nio.file.Path> dirs = EngineOptions.storeDirs(data);
      Optional<PackStore.GalleryPack> recorded = store.packs().currentPack();
      ModelPack current = ModelPack.named(engine.packFor(recorded, data), dirs);
      try (FacePipeline target = engine.open(data, toPack)) {
        PackMigration migration = PackMigration.onStore(store, config.dataDir(), config.index().dimension(),
            target, engine.loader(), Clock.systemUTC());
        boolean resuming = store.packs().runningMigration().isPresent();
        PackStore.Migration m = migration.begin(principal.actor(), current, Map.of());
        PackStore.Counts before = migration.counts();
        err.printf(Locale.ROOT, "%s the migration of %,d faces from pack %s (%s) to %s (%s): %,d to re-template%n",
            resuming ? "Resuming" : "Starting", before.faces(), m.fromPack(), m.fromModel(), m.toPack(), m.toModel(),
            before.pending());
        err.flush();
        // progress counts this run's faces, so that its rate is this run's
        long doneBefore = before.migrated() + before.failed();
        Progress progress = new Progress(err, "gallery migrate", (int) Math.max(1, before.pending()));
        long start = System.nanoTime();
        PackStore.Counts after = migration.run(principal.actor(), engine.workers(),
            c -> progress.accept((int) (c.migrated() + c.failed() - doneBefore)));
        double seconds = (System.nanoTime() - start) / 1e9;
        long done = after.migrated() + after.failed() - doneBefore;
        out.printf(Locale.ROOT, "migration %s to pack %s: %,d of %,d faces have a %s template, %,d cannot be"
                + " embedded, %,d to go (%,d re-templated in %.1f s, %.1f faces/s)%n", m.id(), m.toPack(),
            after.migrated(), after.faces(), m.toModel(), after.failed(), after.pending(), done, seconds,
            seconds > 0 ? done / seconds : 0);
        for (PackStore.Failure f : migration.failures()) {
          out.printf("  face %d: %s%n", f.faceId(), f.reason());
        }
      }
    }
    if (switchPack) {
      GallerySession.refuseBesideServer(config);
      try (Gallery open = Gallery.open(config)) {
        PackMigration.Switched s = PackMigration.switchTo(open, principal.actor(), leaveUnembeddable, Map.of());
        out.printf(Locale.ROOT, "switched: pack %s (%s) is the gallery's current pack; %,d %s templates deleted"
                + " from the store and the index (audit entry #%d)%n", s.migration().toPack(),
            s.migration().toModel(), s.retired(), s.migration().fromModel(), s.auditSequence());
        for (PackStore.Failure f : s.left()) {
          out.printf("  left with its %s template only: face %d (%s)%n", s.migration().fromModel(), f.faceId(),
              f.reason());
        }
        // the do-not-enrol list cannot be migrated (no photo is kept): say what ingests now need
        long optOuts = open.store().rights().listOptOuts().stream()
            .filter(e -> e.modelId().equals(s.migration().toModel()) == false).count();
        if (optOuts > 0) {
          out.printf(Locale.ROOT, "the do-not-enrol list holds %d entr%s of other templates: ingests are refused"
              + " until each person is added again with a photo (candor requests optout) and the old entry"
              + " removed (candor requests optout-remove)%n", optOuts, optOuts == 1 ? "y" : "ies");
        }
      } catch (PackMigration.UnembeddableFacesException e) {
        for (PackStore.Failure f : e.faces()) {
          err.printf("  face %d: %s%n", f.faceId(), f.reason());
        }
        throw e;
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void printStatus(PrintWriter out, PackStore packs) {
    Optional<PackStore.GalleryPack> current = packs.currentPack();
    out.println("current pack: " + current.map(p -> p.pack() + " (" + p.modelId() + ", since " + p.since() + ")")
        .orElse("not recorded (the commands' --model-pack, default unless told otherwise)"));
    Optional<PackStore.Migration> last = packs.lastMigration();
    if (last.isEmpty()) {
      out.println("no migration");
      return;
    }
    PackStore.Migration m = last.get();
    PackStore.Counts c = packs.counts(m);
    out.printf(Locale.ROOT, "migration %s: %s -> %s, %s (started %s by %s%s)%n", m.id(), m.fromPack(), m.toPack(),
        m.state().name().toLowerCase(Locale.ROOT), m.started(), m.startedBy(),
        m.ended() == null ? "" : ", switched " + m.ended());
    if (m.state() == PackStore.Migration.State.RUNNING) {
      out.printf(Locale.ROOT, "  %,d of %,d faces re-templated, %,d cannot be embedded, %,d to go%n", c.migrated(),
          c.faces(), c.failed(), c.pending());
      packs.failures(m).forEach(f -> out.printf("  face %d: %s%n", f.faceId(), f.reason()));
    }
    packs.facesByModel().forEach((model, n) -> out.printf(Locale.ROOT, "  %,d faces with %s templates%n", n, model));
  }
}
