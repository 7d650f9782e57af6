package candor.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code candor eval}: accuracy measured by the product itself. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measure accuracy on a labelled data set laid out like LFW.",
    subcommands = {EvalLfwCommand.class, EvalIdentCommand.class, EvalDemographicsCommand.class})
public final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }
}
