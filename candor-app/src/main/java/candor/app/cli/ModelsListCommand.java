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
 * {@code candor models list}: each pack (built in, then installed in the data directory's model
 * store), where its files are, the template model id it stamps, its licence, its measured card,
 * and the demographic measurement recorded for it in the data directory.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List model packs, whether their files are installed, each pack's template model id, licence and"
        + " measured accuracy card.")
public final class ModelsListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Path> dirs = EngineOptions.storeDirs(data);
    DemographicMeasurements measurements = new DemographicMeasurements(data.data());
    List<String> names = new java.util.ArrayList<>(ModelPack.BUILT_IN);
    names.addAll(ModelPack.installed(dirs));
    for (String name : names) {
      ModelPack pack;
      try {
        pack = ModelPack.named(name, dirs);
      } catch (IllegalArgumentException e) {
        out.printf("%s  [unreadable]  %s%n", name, e.getMessage());
        continue;
      }
      boolean ready = true;
      StringBuilder files = new StringBuilder();
      for (ModelSpec spec : pack.files()) {
        Path found = dirs.stream().map(d -> d.resolve(spec.file())).filter(Files::isRegularFile).findFirst().orElse(null);
        ready &= found != null;
        files.append(String.format("    %-36s %s%n", spec.file(), found != null ? found : "MISSING (sha256 " + spec.sha256() + ")"));
      }
      out.printf("%s  [%s]  %s%n", pack.name(), ready ? "installed" : "not installed", pack.description());
      out.print(files);
      out.printf("    templates: %s (%s, %s)%n", pack.templateModelId(), pack.embedding().dimension() > 0
          ? pack.embedding().dimension() + "-d" : "dimension as the model gives", pack.embedding().bgr() ? "BGR" : "RGB");
      out.printf("    licence: %s%n", pack.licence().summary());
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
