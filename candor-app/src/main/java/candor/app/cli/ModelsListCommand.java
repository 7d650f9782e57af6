package candor.app.cli;

import candor.vision.pack.ModelPack;
import candor.vision.pack.ModelSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code candor models list}: each pack, where its files are, and its measured card. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List model packs, whether their files are installed, and each pack's measured accuracy card.")
public final class ModelsListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Path> dirs = EngineOptions.storeDirs(data);
    for (String name : ModelPack.BUILT_IN) {
      ModelPack pack = ModelPack.named(name, dirs);
      boolean ready = true;
      StringBuilder files = new StringBuilder();
      for (ModelSpec spec : pack.files()) {
        Path found = dirs.stream().map(d -> d.resolve(spec.file())).filter(Files::isRegularFile).findFirst().orElse(null);
        ready &= found != null;
        files.append(String.format("    %-36s %s%n", spec.file(), found != null ? found : "MISSING (sha256 " + spec.sha256() + ")"));
      }
      out.printf("%s  [%s]  %s%n", pack.name(), ready ? "installed" : "not installed", pack.description());
      out.print(files);
      pack.card().forEach(line -> out.printf("    card: %s%n", line));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
