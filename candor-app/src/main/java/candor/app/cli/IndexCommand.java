package candor.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code candor index}: maintenance of the vector index. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Maintain the vector index (derived from the store).",
    subcommands = {IndexOptimizeCommand.class, IndexRebuildCommand.class})
public final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }
}
