package candor.app.cli;

import candor.core.eval.DemographicMeasurements;
import candor.core.eval.DemographicReport;
import candor.vision.pack.ModelPack;
import candor.vision.pack.ModelSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code candor models list}: each pack, where its files are, its measured card, and the
 * demographic measurement recorded for it in the data directory.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List model packs, whether their files are installed, and each pack's measured accuracy card.")
public final class ModelsListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Path> dirs = EngineOptions.storeDirs(data);
    DemographicMeasurements measurements = new DemographicMeasurements(data.data());
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
      demographics(out, measurements, name);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The pack's recorded demographic measurement, or how to record one. */
  private static void demographics(PrintWriter out, DemographicMeasurements measurements, String pack) {
    Optional<DemographicReport> m;
    try {
      m = measurements.find(pack);
    } catch (IllegalStateException e) {
      out.printf("    demographics: %s%n", e.getMessage());
      return;
    }
    if (m.isPresent()) {
      DemographicsTable.card(out, m.get(), "    ");
    } else {
      out.printf("    demographics: not measured in this data directory (candor eval demographics --dataset DIR"
          + " --groups FILE --model-pack %s --record)%n", pack);
    }
  }
}
