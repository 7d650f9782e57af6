package candor.app.cli;

import candor.core.eval.BinomialInterval;
import candor.core.eval.DemographicEvaluation;
import candor.core.eval.DemographicLabels;
import candor.core.eval.DemographicMeasurements;
import candor.core.eval.DemographicReport;
import candor.core.eval.FaceChoice;
import candor.core.eval.OperatingThreshold;
import candor.core.eval.TemplateExtractor;
import candor.core.eval.ThresholdPolicy;
import candor.vision.FacePipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code candor eval demographics}: false match and false non-match rates per demographic group,
 * with intervals and differentials, at the deployment's thresholds; the worst-group threshold; 1:N
 * rates per group. Groups come from the labels file only.
 *
 * <p>Privacy: templates live in memory for the run; the report and the recorded measurement hold
 * aggregate counts only.
 */
@Command(name = "demographics", mixinStandardHelpOptions = true,
    description = {"Demographic differentials (NIST IR 8280, ISO/IEC 19795-10): for every group of the labels file,"
        + " and every pair of labels of two columns, all genuine and impostor pairs within the group (sampled"
        + " above --max-pairs) scored at the calibrated thresholds for overall FMR 1e-3 and 1e-4, the deployment's"
        + " threshold and the policy's: FMR and FNMR with 95 %% intervals, pair counts, each group's FMR over the"
        + " lowest of its column and over the overall rate, DET curves, and per group the rank-1 rate and the"
        + " false positive identification rate of non-mated probes against the gallery.",
        "Labels come only from FILE: a TSV whose header names the identity column (folders of DIR) and the label"
            + " columns; a cell with several comma-separated labels puts the identity in each of those groups."
            + " Only labelled identities' images are read. Candor never infers a label."})
public final class EvalDemographicsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  @Option(names = "--dataset", paramLabel = "DIR", required = true,
      description = "Data set folder: DIR/<identity>/*.jpg.")
  Path dataset;

  @Option(names = "--groups", paramLabel = "FILE", required = true,
      description = "Labels: a TSV, header 'identity<TAB>label column...', one identity (a folder of DIR) a line.")
  Path groupsFile;

  @Option(names = "--columns", paramLabel = "NAME", split = ",",
      description = "Label columns to measure (default: every column of FILE).")
  List<String> columns;

  @Option(names = "--threshold", paramLabel = "SIM", defaultValue = "" + CompareCommand.DEFAULT_THRESHOLD,
      description = "The similarity threshold the deployment uses (default: ${DEFAULT-VALUE}, `compare`'s).")
  double threshold;

  @Option(names = "--fmr-target", paramLabel = "FMR", defaultValue = "1e-4",
      description = "False match rate the policy's threshold must meet (default: ${DEFAULT-VALUE}).")
  double fmrTarget;

  @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "worst-group",
      converter = PolicyConverter.class,
      description = "How to choose one global threshold for --fmr-target: worst-group (every group with enough"
          + " impostor pairs meets it) or overall (all impostor pairs together meet it) (default: ${DEFAULT-VALUE})."
          + " There are no per-group thresholds: they would need the probe's group.")
  ThresholdPolicy policy;

  @Option(names = "--max-pairs", paramLabel = "N", defaultValue = "5000000",
      description = "Compare at most N genuine and N impostor pairs per group; above, a uniform sample with"
          + " --seed (default: ${DEFAULT-VALUE}).")
  long maxPairs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "16",
      description = "Seed of the pair samples (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--interval", paramLabel = "METHOD", defaultValue = "clopper-pearson",
      converter = IntervalConverter.class,
      description = "95 %% interval method: clopper-pearson (exact) or wilson (default: ${DEFAULT-VALUE}).")
  BinomialInterval interval;

  @Option(names = "--label-source", paramLabel = "TEXT", defaultValue = "not stated",
      description = "Where the labels come from, published with the measurement (default: ${DEFAULT-VALUE}).")
  String labelSource;

  @Option(names = "--plot", paramLabel = "FILE.svg",
      description = "Also write an SVG plot of each group's FMR with its interval at every threshold.")
  Path plot;

  @Option(names = "--record",
      description = "Record the measurement as the model pack's in the data directory"
          + " (DATA/measurements/<pack>/demographics.json): the model card and the transparency report publish it,"
          + " and `serve --require-demographics` needs it.")
  boolean record;

  @Option(names = "--json", description = "Print the report as JSON (the recorded file's text).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (Files.isDirectory(dataset) == false) {
      throw new IllegalArgumentException(dataset + ": data set folder not found");
    }
    if (Files.isRegularFile(groupsFile) == false) {
      throw new IllegalArgumentException(groupsFile + ": labels file not found");
    }
    if ((fmrTarget > 0 && fmrTarget < 1) == false) {
      throw new IllegalArgumentException("--fmr-target must be in (0, 1), got " + fmrTarget);
    }
    if (maxPairs < 1) {
      throw new IllegalArgumentException("--max-pairs must be at least 1, got " + maxPairs);
    }
    if ((threshold >= -1 && threshold <= 1) == false) {
      throw new IllegalArgumentException("--threshold must be a cosine similarity in [-1, 1], got " + threshold);
    }
    if (plot != null && plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg") == false) {
      throw new IllegalArgumentException("--plot writes SVG: give a FILE.svg, got " + plot);
    }
    DemographicLabels labels = DemographicLabels.read(groupsFile);
    if (columns != null) {
      labels = labels.select(columns);
    }
    Map<String, List<Path>> images = DemographicEvaluation.images(labels, dataset);
    List<Path> all = images.values().stream().flatMap(List::stream).toList();
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = new Progress(spec.commandLine().getErr(), "eval demographics", all.size());
    Map<Path, Optional<float[]>> templates;
    String templateModel;
    try (FacePipeline pipeline = engine.open(data)) {
      templateModel = pipeline.modelId();
      templates = TemplateExtractor.templates(new TemplateExtractor(pipeline, engine.loader(), FaceChoice.CENTRAL,
          engine.workers()).extract(all, progress));
    }
    double rate = all.size() / progress.seconds();
    Map<String, List<float[]>> byIdentity = new LinkedHashMap<>();
    images.forEach((identity, paths) -> {
      List<float[]> t = new ArrayList<>();
      paths.forEach(p -> t.add(templates.get(p).orElse(null)));
      byIdentity.put(identity, t);
    });
    List<OperatingThreshold> thresholds = new ArrayList<>();
    OperatingThreshold.calibrated(templateModel, 1e-3).ifPresent(thresholds::add);
    OperatingThreshold.calibrated(templateModel, 1e-4).ifPresent(thresholds::add);
    thresholds.add(new OperatingThreshold("deployment", threshold,
        threshold == CompareCommand.DEFAULT_THRESHOLD ? "the deployment's 1:1 threshold (compare's default)"
            : "the deployment's threshold (--threshold)"));
    DemographicReport report = DemographicEvaluation.evaluate(labels, byIdentity,
        new DemographicEvaluation.Settings(thresholds, policy, fmrTarget, maxPairs, seed, interval),
        new DemographicEvaluation.Provenance(engine.packName(), templateModel, dataset.toAbsolutePath().normalize()
            .getFileName().toString(), groupsFile.getFileName().toString(), labels.sha256(), labelSource,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
    if (json) {
      out.println(DemographicMeasurements.toJson(report));
    } else {
      DemographicsTable.full(out, report);
      out.printf("speed: %.1f images/s (%d workers)%n", rate, engine.workers());
    }
    PrintWriter notes = json ? spec.commandLine().getErr() : out;
    if (plot != null) {
      Files.writeString(plot, DemographicsPlot.svg(report), StandardCharsets.UTF_8);
      notes.println("plot: " + plot);
    }
    if (record) {
      notes.println("recorded: " + new DemographicMeasurements(data.data()).record(report));
    }
    out.flush();
    notes.flush();
    return ExitCodes.OK;
  }

  /** Parses {@code --policy} by its command-line name. */
  static final class PolicyConverter implements ITypeConverter<ThresholdPolicy> {
    @Override
    public ThresholdPolicy convert(String value) {
      for (ThresholdPolicy p : ThresholdPolicy.values()) {
        if (p.label().equals(value)) {
          return p;
        }
      }
      throw new TypeConversionException("expected worst-group or overall, got '" + value + "'");
    }
  }

  /** Parses {@code --interval} by its command-line name. */
  static final class IntervalConverter implements ITypeConverter<BinomialInterval> {
    @Override
    public BinomialInterval convert(String value) {
      for (BinomialInterval i : BinomialInterval.values()) {
        if (i.label().equals(value)) {
          return i;
        }
      }
      throw new TypeConversionException("expected clopper-pearson or wilson, got '" + value + "'");
    }
  }
}
