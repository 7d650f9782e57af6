package candor.app.cli;

import candor.core.retention.RetentionReport;
import candor.core.retention.RetentionSchedule;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code candor retention}: erase what outlived its retention; print the schedule. */
@Command(name = "retention", mixinStandardHelpOptions = true,
    description = "Retention: erase expired subjects and photos, or print the public schedule.",
    subcommands = {RetentionCommand.Run.class, RetentionCommand.Schedule.class})
public final class RetentionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }

  /** {@code candor retention run}. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Erase every subject and photo whose retain-until date has passed, through",
          "the erasure path (rows, crops, originals, index entries), and audit it.",
          "Stop `candor serve` first: it runs the same sweep daily and holds the index."})
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin GalleryOptions galleryOptions;
    @Mixin KeyOptions key;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RetentionReport report;
      try (GallerySession session = GallerySession.open(data, galleryOptions, key, null)) {
        report = session.ops().audit().runRetention(session.principal());
      }
      out.printf("retention run for %s: erased %d subjects, %d photos, %d faces%n",
          report.today(), report.subjectsErased(), report.mediaErased(), report.facesErased());
      report.failures().forEach(f -> out.println("  failed: " + f));
      out.flush();
      return report.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  /** {@code candor retention schedule}. */
  @Command(name = "schedule", mixinStandardHelpOptions = true,
      description = "Print the public retention schedule of every collection.")
  static final class Schedule implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin GalleryOptions galleryOptions;
    @Mixin KeyOptions key;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      RetentionSchedule schedule;
      try (GallerySession session = GallerySession.open(data, galleryOptions, key, null)) {
        schedule = session.ops().audit().retentionSchedule(session.principal());
      }
      out.println("Retention schedule (expired data is erased " + schedule.sweep() + ")");
      for (RetentionSchedule.Entry e : schedule.collections()) {
        out.printf("  %-24s keeps %s (%s: %s)%s%n", e.collection(),
            e.retentionInWords(), e.lawfulBasis(), e.basisReference(),
            e.keepsOriginals() ? ", originals kept" : "");
      }
      schedule.rules().forEach(r -> out.println("- " + r));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
