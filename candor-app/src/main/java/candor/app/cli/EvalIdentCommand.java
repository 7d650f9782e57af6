package candor.app.cli;

import candor.core.eval.FaceChoice;
import candor.core.eval.Identification;
import candor.core.eval.Identification.SubjectTemplate;
import candor.core.eval.IdentificationResult;
import candor.core.eval.TemplateExtractor;
import candor.vision.FacePipeline;
import com.fasterxml.jackson.annotation.JsonInclude;
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
        + "probes (rank-1, rank-5); single-image people are non-mated probes (FNIR at FPIR 0.01).",
        "With --enrol-first-per-folder N > 1 each person is enrolled with N images and scored both by the best of"
        + " their faces and by their fused template (the normalised mean)."})
public final class EvalIdentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  @Option(names = "--dataset", paramLabel = "DIR", required = true, description = "Data set folder: DIR/<person>/<person>_NNNN.jpg.")
  Path dataset;

  @Option(names = "--enrol-first-per-folder", paramLabel = "N", defaultValue = "1",
      description = "Enrol each person with their first N images, by name (default: ${DEFAULT-VALUE}).")
  int enrolPerPerson;

  @Option(names = "--probes-from", paramLabel = "N",
      description = "Each person's probes are their images from the N-th on, by name (default: after the enrolled"
          + " ones; 11 on cfp-dev with 10 enrolled probes the profile photos). People with fewer images are"
          + " non-mated probes.")
  Integer probesFrom;

  @Option(names = "--calibration-out", paramLabel = "FILE",
      description = "Also write a score -> false match rate table (CSV 'threshold,fmr') from every impostor comparison.")
  Path calibrationOut;

  @Option(names = "--json", description = "Print JSON: {rank1, rank5, fnir_fpir_1e2, threshold, gallery, probes, ...};"
      + " with several images enrolled per person also fused: {rank1, rank5, fnir_fpir_1e2, threshold}. The"
      + " open-set figures are null without non-mated probes.")
  boolean json;

  record Result(
      @JsonProperty("rank1") double rank1,
      @JsonProperty("rank5") double rank5,
      @JsonProperty("fnir_fpir_1e2") Double fnirFpir1e2,
      @JsonProperty("threshold") Double threshold,
      @JsonProperty("gallery") int gallery,
      @JsonProperty("probes") int probes,
      @JsonProperty("non_mated_probes") int nonMated,
      @JsonProperty("images_per_second") double imagesPerSecond,
      @JsonProperty("model_pack") String modelPack,
      @JsonProperty("enrolled_per_person") int enrolledPerPerson,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("fused") Fused fused) {}

  /**
   * The same probes scored against each person's fused template instead of their best face; the
   * open-set figures are null without non-mated probes.
   */
  record Fused(
      @JsonProperty("rank1") double rank1,
      @JsonProperty("rank5") double rank5,
      @JsonProperty("fnir_fpir_1e2") Double fnirFpir1e2,
      @JsonProperty("threshold") Double threshold) {
    static Fused of(IdentificationResult r) {
      return new Fused(r.rank1(), r.rank5(), openSet(r, r.fnirAtFpir1e2()), openSet(r, r.threshold()));
    }
  }

  /** An open-set figure, or null when there was no non-mated probe to set the threshold with. */
  private static Double openSet(IdentificationResult r, double value) {
    return r.nonMatedProbes() == 0 ? null : value;
  }

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(dataset)) {
      throw new IllegalArgumentException(dataset + ": data set folder not found");
    }
    int firstProbe = probesFrom == null ? enrolPerPerson + 1 : probesFrom;
    Identification.Split split = Identification.split(dataset, enrolPerPerson, firstProbe);
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = new Progress(spec.commandLine().getErr(), "eval ident", split.allImages().size());
    Map<Path, Optional<float[]>> templates;
    try (FacePipeline pipeline = engine.open(data)) {
      templates = TemplateExtractor.templates(new TemplateExtractor(pipeline, engine.loader(), FaceChoice.CENTRAL,
          engine.workers()).extract(split.allImages(), progress));
    }
    double rate = split.allImages().size() / progress.seconds();
    IdentificationResult r = Identification.evaluate(split, templates, SubjectTemplate.BEST_FACE);
    IdentificationResult fused = enrolPerPerson > 1
        ? Identification.evaluate(split, templates, SubjectTemplate.FUSED) : null;
    if (calibrationOut != null) {
      writeCalibration(split, templates);
    }
    if (json) {
      out.println(Json.write(new Result(r.rank1(), r.rank5(), openSet(r, r.fnirAtFpir1e2()), openSet(r, r.threshold()),
          r.gallery(), r.probes(), r.nonMatedProbes(), rate, engine.packName(), enrolPerPerson,
          fused == null ? null : Fused.of(fused))));
    } else {
      out.printf("gallery %d identities (%d images each), %d mated probes, %d non-mated probes, model pack %s%n",
          r.gallery(), enrolPerPerson, r.probes(), r.nonMatedProbes(), engine.packName());
      print(out, fused == null ? "" : " (best face)", r);
      if (fused != null) {
        print(out, " (fused)", fused);
      }
      out.printf("%-31s %.1f images/s%n", "speed", rate);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void print(PrintWriter out, String scoring, IdentificationResult r) {
    out.printf("%-31s %.2f %%%n", "rank-1" + scoring, 100 * r.rank1());
    out.printf("%-31s %.2f %%%n", "rank-5" + scoring, 100 * r.rank5());
    if (r.nonMatedProbes() == 0) {
      out.printf("%-31s n/a (no non-mated probes)%n", "FNIR@FPIR=0.01" + scoring);
    } else {
      out.printf("%-31s %.2f %% (threshold %.3f)%n", "FNIR@FPIR=0.01" + scoring, 100 * r.fnirAtFpir1e2(),
          r.threshold());
    }
  }

  private void writeCalibration(Identification.Split split, Map<Path, Optional<float[]>> templates) throws IOException {
    double[] thresholds = new double[101];
    for (int i = 0; i < thresholds.length; i++) {
      thresholds[i] = i / 100.0;
    }
    double[] fmr = Identification.impostorFmr(split, templates, thresholds);
    StringBuilder csv = new StringBuilder("# score -> false match rate over " + (long) fmr[thresholds.length]
        + " impostor comparisons of " + dataset.getFileName() + ", model pack " + engine.packName() + "\nthreshold,fmr\n");
    for (int i = 0; i < thresholds.length; i++) {
      csv.append(String.format(java.util.Locale.ROOT, "%.2f,%.3e%n", thresholds[i], fmr[i]));
    }
    Files.writeString(calibrationOut, csv);
  }
}
