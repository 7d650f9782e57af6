package candor.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: prints usage when run without a subcommand. */
@Command(
    name = "candor",
    mixinStandardHelpOptions = true,
    version = "candor 0.1.0",
    header = "Candor: accountable face search.",
    description = {
      "Detects faces, turns them into templates and compares them; every face keeps its",
      "provenance and lawful basis, every search its purpose. Run a subcommand with --help."
    },
    subcommands = {DetectCommand.class, CompareCommand.class, EvalCommand.class, ModelsCommand.class,
        ServeCommand.class, KeysCommand.class, AuditCommand.class, RetentionCommand.class,
        IngestCommand.class, SearchCommand.class, EraseCommand.class, CollectionsCommand.class,
        SubjectsCommand.class, IndexCommand.class, TransparencyCommand.class, GalleryCommand.class,
        RequestsCommand.class})
public final class CandorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }
}
