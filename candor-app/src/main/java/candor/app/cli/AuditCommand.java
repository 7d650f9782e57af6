package candor.app.cli;

import candor.core.audit.ChainVerification;
import candor.core.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code candor audit}: the hash-chained audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Check the append-only, hash-chained audit log.",
    subcommands = {AuditCommand.Verify.class})
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }

  /** {@code candor audit verify}: exit 0 when intact, 1 naming the first broken entry. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Recompute the audit chain (hash_n = SHA-256(hash_n-1 || entry n)) and",
          "name the first broken entry. Exit 0 when intact, 1 when broken."})
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions data;
    @Mixin GalleryOptions gallery;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ChainVerification result;
      try (JdbcStore store = gallery.openStore(data)) {
        result = store.audit().verify();
      }
      if (result.isIntact()) {
        out.println("audit chain intact: " + result.entriesChecked() + " entries, head at entry "
            + result.headSequence());
        out.flush();
        return ExitCodes.OK;
      }
      out.println("audit chain BROKEN at entry " + result.firstBroken().getAsLong() + ": "
          + result.problem().orElseThrow() + " (" + result.entriesChecked()
          + " entries checked, head at entry " + result.headSequence() + ")");
      out.flush();
      return ExitCodes.FAILED;
    }
  }
}
