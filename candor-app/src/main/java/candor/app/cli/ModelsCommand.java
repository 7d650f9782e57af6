package candor.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code candor models}: the model store. */
@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Manage model files and packs.",
    subcommands = {ModelsListCommand.class, ModelsInstallCommand.class})
public final class ModelsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }
}
