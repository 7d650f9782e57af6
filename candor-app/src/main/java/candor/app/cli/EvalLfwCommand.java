package candor.app.cli;

import static candor.vision.Embedding.dot;

import candor.core.eval.FaceChoice;
import candor.core.eval.GroupLabels;
import candor.core.eval.Pair;
import candor.core.eval.PairsFile;
import candor.core.eval.TemplateExtractor;
import candor.core.eval.Verification;
import candor.core.eval.VerificationResult;
import candor.vision.Face;
import candor.vision.FacePipeline;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor eval lfw}: the LFW verification protocol on any data set laid out the same way. */
@Command(name = "lfw", mixinStandardHelpOptions = true,
    description = {"Verification protocol: k-fold accuracy (threshold chosen on the other folds), TAR at FAR 1e-3 "
        + "and 1e-2, ROC AUC, and false match / false non-match rates per labelled group (DIR/*_names.txt) "
        + "at the operating threshold. The pairs file header gives folds and pairs per fold."})
public final class EvalLfwCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  @Option(names = "--dataset", paramLabel = "DIR", required = true, description = "Data set folder: DIR/<person>/<person>_NNNN.jpg.")
  Path dataset;

  @Option(names = "--pairs", paramLabel = "FILE", description = "Pairs file (default: DIR/pairs.txt).")
  Path pairsFile;

  @Option(names = "--json", description = "Print JSON with accuracy_mean, accuracy_std, tar_far_1e3, tar_far_1e2, auc, threshold, groups, images_per_second.")
  boolean json;

  record GroupJson(@JsonProperty("fmr") double fmr, @JsonProperty("fnmr") double fnmr,
      @JsonProperty("impostor_pairs") int impostorPairs, @JsonProperty("genuine_pairs") int genuinePairs) {}

  record BucketJson(@JsonProperty("accuracy") double accuracy, @JsonProperty("pairs") int pairs) {}

  record Result(
      @JsonProperty("accuracy_mean") double accuracyMean,
      @JsonProperty("accuracy_std") double accuracyStd,
      @JsonProperty("tar_far_1e3") double tarFar1e3,
      @JsonProperty("tar_far_1e2") double tarFar1e2,
      @JsonProperty("auc") double auc,
      @JsonProperty("threshold") double threshold,
      @JsonProperty("groups") Map<String, GroupJson> groups,
      @JsonProperty("images_per_second") double imagesPerSecond,
      @JsonProperty("pairs") int pairs,
      @JsonProperty("images_without_face") int imagesWithoutFace,
      @JsonProperty("model_pack") String modelPack,
      @JsonProperty("yaw_buckets") Map<String, BucketJson> yawBuckets) {}

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(dataset)) {
      throw new IllegalArgumentException(dataset + ": data set folder not found");
    }
    Path pf = pairsFile != null ? pairsFile : dataset.resolve("pairs.txt");
    if (!Files.isRegularFile(pf)) {
      throw new IllegalArgumentException(pf + ": pairs file not found");
    }
    List<Pair> pairs = PairsFile.read(dataset, pf);
    Set<Path> images = new LinkedHashSet<>();
    pairs.forEach(p -> {
      images.add(p.first());
      images.add(p.second());
    });
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = new Progress(spec.commandLine().getErr(), "eval lfw", images.size());
    Map<Path, Optional<Face>> faces;
    try (FacePipeline pipeline = engine.open(data)) {
      faces = new TemplateExtractor(pipeline, engine.loader(), FaceChoice.CENTRAL, engine.workers())
          .extract(images, progress);
    }
    Map<Path, Optional<float[]>> templates = TemplateExtractor.templates(faces);
    double seconds = progress.seconds();
    int missing = (int) templates.values().stream().filter(Optional::isEmpty).count();
    double[] scores = new double[pairs.size()];
    for (int i = 0; i < scores.length; i++) {
      Optional<float[]> x = templates.get(pairs.get(i).first());
      Optional<float[]> y = templates.get(pairs.get(i).second());
      scores[i] = x.isPresent() && y.isPresent() ? dot(x.get(), y.get()) : -1;
    }
    VerificationResult r = Verification.evaluate(pairs, scores, GroupLabels.read(dataset), missing,
        p -> faces.get(p).map(f -> f.pose().yaw()).orElse(null));
    Map<String, BucketJson> buckets = new LinkedHashMap<>();
    r.poseBuckets().forEach((k, v) -> buckets.put(k, new BucketJson(v.accuracy(), v.pairs())));
    Map<String, GroupJson> groups = new LinkedHashMap<>();
    r.groups().forEach((k, v) -> groups.put(k, new GroupJson(v.fmr(), v.fnmr(), v.impostorPairs(), v.genuinePairs())));
    Result res = new Result(r.accuracyMean(), r.accuracyStd(), r.tarAtFar1e3(), r.tarAtFar1e2(), r.auc(), r.threshold(),
        groups, images.size() / seconds, r.pairs(), missing, engine.packName(), buckets);
    if (json) {
      out.println(Json.write(res));
    } else {
      out.printf("pairs %d (%d images, %d without a face), model pack %s%n", r.pairs(), images.size(), missing, engine.packName());
      out.printf("accuracy        %.2f %% +- %.2f%n", 100 * r.accuracyMean(), 100 * r.accuracyStd());
      out.printf("TAR@FAR=1e-3    %.2f %%%n", 100 * r.tarAtFar1e3());
      out.printf("TAR@FAR=1e-2    %.2f %%%n", 100 * r.tarAtFar1e2());
      out.printf("ROC AUC         %.5f%n", r.auc());
      out.printf("threshold       %.3f%n", r.threshold());
      r.groups().forEach((g, v) -> out.printf("  %-8s FMR %.4f (%d impostor pairs)  FNMR %.4f (%d genuine pairs)%n",
          g, v.fmr(), v.impostorPairs(), v.fnmr(), v.genuinePairs()));
      r.poseBuckets().forEach((b, v) -> out.printf("  |yaw| %-6s accuracy %.2f %% (%d pairs)%n", b, 100 * v.accuracy(), v.pairs()));
      out.printf("speed           %.1f images/s (%d workers)%n", images.size() / seconds, engine.workers());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
