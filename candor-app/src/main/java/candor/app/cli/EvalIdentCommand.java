package candor.app.cli;

import candor.core.eval.FaceChoice;
import candor.core.eval.Identification;
import candor.core.eval.IdentificationResult;
import candor.core.eval.TemplateExtractor;
import candor.vision.FacePipeline;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor eval ident}: closed- and open-set 1:N identification. */
@Command(name = "ident", mixinStandardHelpOptions = true,
    description = {"1:N protocol: every person with >= 2 images is enrolled with the first; their other images are "
        + "probes (rank-1, rank-5); single-image people are non-mated probes (FNIR at FPIR 0.01)."})
public final class EvalIdentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  @Option(names = "--dataset", paramLabel = "DIR", required = true, description = "Data set folder: DIR/<person>/<person>_NNNN.jpg.")
  Path dataset;

  @Option(names = "--calibration-out", paramLabel = "FILE",
      description = "Also write a score -> false match rate table (CSV 'threshold,fmr') from every impostor comparison.")
  Path calibrationOut;

  @Option(names = "--json", description = "Print JSON: {rank1, rank5, fnir_fpir_1e2, gallery, probes}.")
  boolean json;

  record Result(
      @JsonProperty("rank1") double rank1,
      @JsonProperty("rank5") double rank5,
      @JsonProperty("fnir_fpir_1e2") double fnirFpir1e2,
      @JsonProperty("threshold") double threshold,
      @JsonProperty("gallery") int gallery,
      @JsonProperty("probes") int probes,
      @JsonProperty("non_mated_probes") int nonMated,
      @JsonProperty("images_per_second") double imagesPerSecond,
      @JsonProperty("model_pack") String modelPack) {}

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(dataset)) {
      throw new IllegalArgumentException(dataset + ": data set folder not found");
    }
    Identification.Split split = Identification.split(dataset);
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = new Progress(spec.commandLine().getErr(), "eval ident", split.allImages().size());
    Map<Path, Optional<float[]>> templates;
    try (FacePipeline pipeline = engine.open(data)) {
      templates = TemplateExtractor.templates(new TemplateExtractor(pipeline, engine.loader(), FaceChoice.CENTRAL,
          engine.workers()).extract(split.allImages(), progress));
    }
    double rate = split.allImages().size() / progress.seconds();
    IdentificationResult r = Identification.evaluate(split, templates);
    if (calibrationOut != null) {
      writeCalibration(split, templates);
    }
    if (json) {
      out.println(Json.write(new Result(r.rank1(), r.rank5(), r.fnirAtFpir1e2(), r.threshold(), r.gallery(), r.probes(),
          r.nonMatedProbes(), rate, engine.pack)));
    } else {
      out.printf("gallery %d identities, %d mated probes, %d non-mated probes, model pack %s%n",
          r.gallery(), r.probes(), r.nonMatedProbes(), engine.pack);
      out.printf("rank-1              %.2f %%%n", 100 * r.rank1());
      out.printf("rank-5              %.2f %%%n", 100 * r.rank5());
      out.printf("FNIR@FPIR=0.01      %.2f %% (threshold %.3f)%n", 100 * r.fnirAtFpir1e2(), r.threshold());
      out.printf("speed               %.1f images/s%n", rate);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private void writeCalibration(Identification.Split split, Map<Path, Optional<float[]>> templates) throws IOException {
    double[] thresholds = new double[101];
    for (int i = 0; i < thresholds.length; i++) {
      thresholds[i] = i / 100.0;
    }
    double[] fmr = Identification.impostorFmr(split, templates, thresholds);
    StringBuilder csv = new StringBuilder("# score -> false match rate over " + (long) fmr[thresholds.length]
        + " impostor comparisons of " + dataset.getFileName() + ", model pack " + engine.pack + "\nthreshold,fmr\n");
    for (int i = 0; i < thresholds.length; i++) {
      csv.append(String.format(java.util.Locale.ROOT, "%.2f,%.3e%n", thresholds[i], fmr[i]));
    }
    Files.writeString(calibrationOut, csv);
  }
}
