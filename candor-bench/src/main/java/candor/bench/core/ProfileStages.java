package candor.bench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Splits an async-profiler CPU profile of an ingest (collapsed stacks, one line per stack with
 * its thread as the first frame and its sample count last) into the ingest's stages: the face
 * engine's, the ingest's own (reading, crops, store, index, files) and the JVM's (JIT, GC).
 *
 * <p>A stack belongs to the first stage, in the order of {@link #STAGES}, one of whose frame
 * patterns it contains; a stack of none goes to {@code other}. Run it as a main on a profile:
 * {@code ProfileStages FILE FILES} prints the table in milliseconds of CPU per file.
 */
public final class ProfileStages {

  /** A stage: its name and the frame substrings (or thread name prefixes, with "[") it owns. */
  record Stage(String name, List<String> patterns) {}

  /** The stages, most specific first. */
  static final List<Stage> STAGES = List.of(
      new Stage("engine: decode (probe, decode for detection)",
          List.of("ImageLoader.probe", "ImageLoader.loadForDetection")),
      new Stage("engine: detect", List.of("candor/vision/onnx/RfbDetector",
          "candor/vision/onnx/WindowedDetector", "candor/vision/onnx/YuNetDetector")),
      new Stage("engine: landmarks", List.of("candor/vision/onnx/Landmark68Model")),
      new Stage("engine: align, pose, quality", List.of("candor/vision/align/",
          "candor/vision/quality/")),
      new Stage("engine: embed", List.of("candor/vision/onnx/ArcFaceEmbedder")),
      new Stage("read and hash the file", List.of("candor/core/gallery/IngestItem",
          "IngestSource.readAtMost", "candor/core/gallery/Sha256")),
      new Stage("duplicate check (store read)", List.of("GalleryStore.findMedia",
          "JdbcGalleryStore.findMedia")),
      new Stage("crop: cut and encode JPEG", List.of("GalleryFiles.crop")),
      new Stage("subject lookup (store read)", List.of("findSubjectByExternalRef")),
      new Stage("store transaction (rows, keys, audit, commit)", List.of("JdbcStore.inTransaction")),
      new Stage("index add", List.of("Gallery.applyLocked")),
      new Stage("index commit", List.of("Gallery.commitIndex", "Gallery.commitLocked")),
      new Stage("seal crops (AES-GCM)", List.of("GalleryStore.sealCrop", "JdbcGalleryStore.sealCrop")),
      new Stage("write files (write, sync, rename)", List.of("GalleryFiles.writeAtomically",
          "GalleryFiles.writeAllAtomically")),
      new Stage("rest of the ingest threads", List.of("[candor-ingest-")),
      new Stage("JIT compilers", List.of("[C1 CompilerThre", "[C2 CompilerThre")),
      new Stage("garbage collector", List.of("[GC Thread", "[G1 ")));

  private ProfileStages() {}

  /**
   * Prints the stages of a profile in milliseconds of CPU per file.
   *
   * @param args the collapsed profile and the number of files the ingest stored
   * @throws IOException if the profile cannot be read
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: ProfileStages PROFILE.collapsed FILES");
      System.exit(2);
    }
    Map<String, Long> stages = split(Path.of(args[0]));
    print(stages, Integer.parseInt(args[1]), 1e-3);
  }

  /**
   * Adds up a profile's samples by stage.
   *
   * @param collapsed the profile, async-profiler's {@code collapsed} output with {@code threads}
   * @return samples by stage, in the order of {@link #STAGES}, then {@code other} and {@code
   *     total}
   */
  static Map<String, Long> split(Path collapsed) throws IOException {
    Map<String, Long> samples = new LinkedHashMap<>();
    STAGES.forEach(s -> samples.put(s.name(), 0L));
    samples.put("other", 0L);
    long total = 0;
    try (Stream<String> lines = Files.lines(collapsed)) {
      for (String line : (Iterable<String>) lines::iterator) {
        int space = line.lastIndexOf(' ');
        if (space < 0) {
          continue;
        }
        long n = Long.parseLong(line.substring(space + 1).strip());
        String stack = line.substring(0, space);
        total += n;
        samples.merge(stageOf(stack), n, Long::sum);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    samples.put("total", total);
    return samples;
  }

  private static String stageOf(String stack) {
    for (Stage stage : STAGES) {
      for (String pattern : stage.patterns()) {
        if (stack.contains(pattern)) {
          return stage.name();
        }
      }
    }
    return "other";
  }

  /**
   * The most frequent leaf frames of a profile, the frames the CPU was in.
   *
   * @param collapsed the profile
   * @param count how many
   * @return frame and samples, most first
   */
  static Map<String, Long> topFrames(Path collapsed, int count) throws IOException {
    Map<String, Long> leaves = new HashMap<>();
    try (Stream<String> lines = Files.lines(collapsed)) {
      for (String line : (Iterable<String>) lines::iterator) {
        int space = line.lastIndexOf(' ');
        if (space < 0) {
          continue;
        }
        String stack = line.substring(0, space);
        String leaf = stack.substring(stack.lastIndexOf(';') + 1);
        leaves.merge(leaf, Long.parseLong(line.substring(space + 1).strip()), Long::sum);
      }
    }
    Map<String, Long> top = new LinkedHashMap<>();
    leaves.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(count).forEach(e -> top.put(e.getKey(), e.getValue()));
    return top;
  }

  /** Prints samples as milliseconds per file, given the seconds one sample stands for. */
  static void print(Map<String, Long> samples, int files, double secondsPerSample) {
    long total = samples.get("total");
    for (Map.Entry<String, Long> e : samples.entrySet()) {
      System.out.printf(Locale.ROOT, "  %-48s %7.2f ms/file %5.1f %%%n", e.getKey(),
          e.getValue() * secondsPerSample * 1e3 / files, 100.0 * e.getValue() / total);
    }
  }
}
