package candor.app.cli;

import candor.core.eval.FaceChoice;
import candor.vision.Face;
import candor.vision.FacePipeline;
import candor.vision.ImageAnalysis;
import candor.vision.image.ImageLoader;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor compare}: cosine similarity of the largest face of two images. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare the largest face of image A with the largest face of image B (1:1). "
        + "Prints the cosine similarity and whether it passes the threshold; a similarity is evidence "
        + "for a human to weigh, not a verdict.")
public final class CompareCommand implements Callable<Integer> {
  /**
   * Default decision threshold for the shipped embedder: the similarity at which the false match
   * rate over the 19.4 million impostor comparisons of LFW's 1:N protocol is about 1e-4 (8.9e-5;
   * 1e-3 would be 0.34). Conservative on purpose: a 1:1 "match" is read as strong evidence.
   */
  static final double DEFAULT_THRESHOLD = 0.42;

  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin EngineOptions engine;

  @Parameters(index = "0", paramLabel = "A", description = "First image.")
  Path a;

  @Parameters(index = "1", paramLabel = "B", description = "Second image.")
  Path b;

  @Option(names = "--threshold", paramLabel = "SIM", defaultValue = "" + DEFAULT_THRESHOLD,
      description = "Similarity at or above which the faces are reported as a match (default: ${DEFAULT-VALUE}, FMR about 1e-4 on LFW).")
  double threshold;

  @Option(names = "--json", description = "Print JSON: {\"similarity\", \"match\", \"threshold\", \"faces\"}.")
  boolean json;

  record Result(
      @JsonProperty("similarity") float similarity,
      @JsonProperty("match") boolean match,
      @JsonProperty("threshold") double threshold,
      @JsonProperty("faces") List<FaceJson> faces) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ImageLoader loader = engine.loader();
    try (FacePipeline pipeline = engine.open(data)) {
      Face fa = largest(pipeline, loader, a);
      Face fb = largest(pipeline, loader, b);
      float sim = fa.template().similarity(fb.template());
      boolean match = sim >= threshold;
      if (json) {
        out.println(Json.write(new Result(FaceJson.round3(sim), match, threshold, List.of(FaceJson.of(fa), FaceJson.of(fb)))));
      } else {
        out.printf("similarity %.3f: %s (threshold %.2f)%n", sim, match ? "match" : "no match", threshold);
        out.printf("  A %s face box=[%.0f,%.0f,%.0f,%.0f]%n", a, fa.box().x(), fa.box().y(), fa.box().width(), fa.box().height());
        out.printf("  B %s face box=[%.0f,%.0f,%.0f,%.0f]%n", b, fb.box().x(), fb.box().y(), fb.box().width(), fb.box().height());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static Face largest(FacePipeline pipeline, ImageLoader loader, Path img) throws IOException {
    byte[] bytes = DataOptions.readInput(img);
    ImageAnalysis an = pipeline.analyze(loader, bytes, img.toString(), true);
    return FaceChoice.LARGEST.choose(an.faces(), an.width(), an.height())
        .orElseThrow(() -> new NoFaceException(img + ": no face found"));
  }

  /** An image given for comparison has no face. */
  static final class NoFaceException extends RuntimeException {
    NoFaceException(String message) {
      super(message);
    }
  }
}
