package candor.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code candor gallery}: work on the gallery as a whole. */
@Command(name = "gallery", mixinStandardHelpOptions = true,
    description = "Work on the gallery as a whole: move it to another model pack.",
    subcommands = {GalleryMigrateCommand.class})
public final class GalleryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }
}
