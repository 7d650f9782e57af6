package candor.bench.vision;

import ai.onnxruntime.OrtEnvironment;
import candor.bench.BadOptions;
import candor.vision.DecodedImage;
import candor.vision.DetectedFace;
import candor.vision.Device;
import candor.vision.FacePipeline;
import candor.vision.ImageAnalysis;
import candor.vision.Landmarks;
import candor.vision.Pose;
import candor.vision.Quality;
import candor.vision.VisionConfig;
import candor.vision.VisionException;
import candor.vision.align.AffineWarp;
import candor.vision.align.ArcFaceAligner;
import candor.vision.align.BgrPixels;
import candor.vision.image.ImageInfo;
import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.onnx.ArcFaceEmbedder;
import candor.vision.onnx.Landmark68Model;
import candor.vision.onnx.OnnxModel;
import candor.vision.onnx.RfbDetector;
import candor.vision.onnx.ZoomOut;
import candor.vision.pack.ModelPack;
import candor.vision.pack.ModelSpec;
import candor.vision.quality.PoseEstimator;
import candor.vision.quality.QualityAssessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures where the default face pipeline spends its time, on CPU: per stage and per LFW image,
 * end to end with several worker threads, and on one full-resolution photo at several minimum
 * face sizes. A main that prints figures, not a test; never run by {@code verify}.
 *
 * <p>It makes three measurements, each after a warm-up:
 *
 * <ol>
 *   <li><b>Stages</b> (needs LFW). On one thread, over {@code --images} LFW images (evenly spaced
 *       through the sorted file list, read into memory first), it times each stage alone with
 *       {@link java.lang.management.ThreadMXBean#getCurrentThreadCpuTime()} and wall time: probe
 *       (header and EXIF, which {@code analyze} reads before it decodes), decode ({@link
 *       ImageLoader#load(byte[], String)}), detect ({@link RfbDetector}), then for every detected
 *       face landmarks ({@link Landmark68Model}), align ({@link ArcFaceAligner}), quality ({@link
 *       PoseEstimator} and {@link QualityAssessor}), and embed ({@link ArcFaceEmbedder}) with and
 *       without flip test. The stages are built from the default pack exactly as {@link
 *       FacePipeline#open} builds them, with {@code intraOpThreads} 1 so ONNX Runtime runs on the
 *       calling thread and its work is in that thread's CPU time; the process CPU time over the
 *       same loop is printed beside the thread total to check that. Each image then also goes
 *       through {@link FacePipeline#analyze(ImageLoader, byte[], String, boolean)} as a whole, to
 *       compare with the sum of the stages.
 *   <li><b>Throughput</b> (needs LFW). {@code --threads} workers share one {@link FacePipeline}
 *       ({@link VisionConfig#defaults()}: one ONNX Runtime thread per run, flip test on) and take
 *       the same images from a shared counter; each reads its file from disk inside the timed loop
 *       and calls {@code analyze(loader, bytes, name, true)}. Prints images per second and CPU per
 *       image.
 *   <li><b>Photo</b>. A 1920x1280 JPEG of three people (bundled, see {@code ATTRIBUTION.md}
 *       beside it, or {@code --photo}) goes through the decode that {@code analyze} does (probe,
 *       {@link candor.vision.FaceDetector#requiredScale}, {@link ImageLoader#loadForDetection}) and
 *       detection, at minimum face sizes 24 (the default: full-resolution decode and pyramid
 *       tiles), 40, 80 and 120 (a 1/4 subsampled decode and one detector pass). Thread and
 *       process CPU per image are printed side by side, with the faces found. The number of
 *       detector passes is estimated as the detection CPU over the CPU of one pass on a 320x240
 *       image; the whole {@code analyze} with templates is timed too.
 * </ol>
 *
 * <p>Prints a table; with {@code --json} it also prints, as its last line, one JSON object with
 * every figure. Progress goes to standard error. Build and run from the project root:
 *
 * <pre>{@code
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * ./mvnw -B -q -o -pl candor-bench -am package -DskipTests
 * $JAVA_HOME/bin/java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp 'candor-bench/target/candor-bench-0.1.0-SNAPSHOT.jar:candor-bench/target/lib/*' \
 *     candor.bench.vision.PipelineBenchmark --images 500 [--json]
 * }</pre>
 *
 * <p>Options: {@code --lfw DIR} (default {@code ../shared/data/lfw}; the LFW measurements are
 * skipped with a message when it is absent), {@code --images N} (2000), {@code --threads T} (2),
 * {@code --models DIR} (the model store, default {@code models}), {@code --photo FILE} (default
 * the bundled photo), {@code --warmup N} (LFW images run before measuring, 100), {@code
 * --photo-reps N} (timed runs per photo mode, 20; process CPU time counts 10 ms ticks, so keep the
 * product of reps and per-run time well above that), {@code --json}.
 *
 * <p>On a shared machine other processes inflate wall times, and CPU times less so (caches and
 * sibling hardware threads are shared too). To judge the figures it prints the system load average
 * at the start and the end, and, on Linux, how long the measuring threads waited for a CPU.
 */
public final class PipelineBenchmark {
  /** The bundled photo, a classpath resource. */
  static final String PHOTO_RESOURCE = "/candor/bench/vision/sample1.jpg";
  /** Minimum face sizes for the photo: the default first, then coarser searches. */
  private static final int[] PHOTO_MIN_FACES = {VisionConfig.DEFAULT_MIN_FACE, 40, 80, 120};
  private static final int PHOTO_WARMUP = 3;

  private final Options options;
  private final ImageLoader loader = new ImageLoader(ImageLimits.defaults());
  private final VisionConfig config = VisionConfig.defaults();
  private final List<Path> modelDirs;
  private final ModelPack pack;
  /** Folds results into a value that is printed, so no stage's output is dead code. */
  private double sink;

  private PipelineBenchmark(Options options) {
    this.options = options;
    this.modelDirs = List.of(options.models);
    this.pack = ModelPack.named("default", modelDirs);
  }

  /**
   * Runs the benchmark with command-line options (see the class javadoc); exits with status 2 on
   * a bad option.
   *
   * @param args the options
   * @throws Exception when a model, the photo or the LFW folder cannot be read
   */
  public static void main(String[] args) throws Exception {
    Options options = BadOptions.parseOrExit(args, Options::parse, Options.USAGE);
    CpuClock.requireThreadCpuTime();
    new PipelineBenchmark(options).run();
  }

  private void run() throws IOException, InterruptedException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "PipelineBenchmark");
    Map<String, Object> env = environment();
    json.put("environment", env);
    json.put("options", options.toJson());
    System.out.printf(Locale.ROOT, "Candor pipeline benchmark: pack %s, %s%n", pack.name(), config);
    System.out.printf(Locale.ROOT, "Java %s (%s), ONNX Runtime %s, %d cores, %s%n", env.get("java"), env.get("vm"),
        env.get("onnxRuntime"), Runtime.getRuntime().availableProcessors(), env.get("cpu"));
    System.out.printf(Locale.ROOT, "system load average at start: %.2f%n", env.get("loadAverageStart"));

    List<Path> files = lfwSample();
    if (files.isEmpty()) {
      json.put("stages", null);
      json.put("throughput", null);
    } else {
      json.put("stages", measureStages(files));
      json.put("throughput", measureThroughput(files));
    }
    json.put("photo", measurePhoto());

    double loadEnd = CpuClock.loadAverage();
    env.put("loadAverageEnd", loadEnd);
    System.out.printf(Locale.ROOT, "%nsystem load average at end: %.2f (checksum %.3f)%n", loadEnd, sink);
    if (options.json) {
      System.out.println(Json.write(json));
    }
  }

  private static Map<String, Object> environment() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("java", System.getProperty("java.version"));
    env.put("vm", System.getProperty("java.vm.name"));
    env.put("onnxRuntime", OrtEnvironment.getEnvironment().getVersion());
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("cpu", cpuModel());
    env.put("loadAverageStart", CpuClock.loadAverage());
    return env;
  }

  private static String cpuModel() {
    Path info = Path.of("/proc/cpuinfo");
    if (Files.isReadable(info) == false) {
      return System.getProperty("os.arch");
    }
    try (Stream<String> lines = Files.lines(info)) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(System.getProperty("os.arch"));
    } catch (IOException | UncheckedIOException e) {
      return System.getProperty("os.arch");
    }
  }

  /** {@code --images} LFW files evenly spaced through the sorted list, or none when LFW is absent. */
  private List<Path> lfwSample() throws IOException {
    if (Files.isDirectory(options.lfw) == false) {
      System.out.printf(Locale.ROOT, "%nLFW not found at %s: skipping the per-stage and throughput figures"
          + " (pass --lfw DIR; the photo figures follow)%n", options.lfw.toAbsolutePath().normalize());
      return List.of();
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(options.lfw)) {
      all = walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
          .sorted().toList();
    }
    if (all.isEmpty()) {
      System.out.printf(Locale.ROOT, "%nno .jpg under %s: skipping the per-stage and throughput figures%n",
          options.lfw);
      return List.of();
    }
    int n = Math.min(options.images, all.size());
    List<Path> sample = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      sample.add(all.get((int) ((long) k * all.size() / n)));
    }
    System.err.printf(Locale.ROOT, "LFW: %d of %d images from %s%n", n, all.size(), options.lfw);
    return sample;
  }

  // ---------------------------------------------------------------- stages

  private Map<String, Object> measureStages(List<Path> files) throws IOException {
    byte[][] bytes = new byte[files.size()][];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = Files.readAllBytes(files.get(i));
    }
    try (Stages stages = new Stages();
        FacePipeline pipeline = FacePipeline.open(pack, modelDirs, config)) {
      int warm = Math.min(options.warmup, files.size());
      System.err.printf(Locale.ROOT, "stages: warm-up on %d images%n", warm);
      StageTimes discarded = new StageTimes(warm);
      for (int i = 0; i < warm; i++) {
        runStages(stages, pipeline, discarded, i, bytes[i], files.get(i).toString(), new int[3]);
      }
      System.err.printf(Locale.ROOT, "stages: measuring %d images on one thread%n", files.size());
      StageTimes times = new StageTimes(files.size());
      int[] counts = new int[3]; // faces by the stages, faces by analyze, faces needing the anti-aliased align
      int[] facesPerImage = new int[3]; // images with 0, 1, 2+ faces
      int errors = 0;
      long thread0 = CpuClock.thread();
      long process0 = CpuClock.process();
      long queue0 = CpuClock.runQueueWait();
      long wall0 = System.nanoTime();
      for (int i = 0; i < files.size(); i++) {
        try {
          int faces = runStages(stages, pipeline, times, i, bytes[i], files.get(i).toString(), counts);
          times.markMeasured(i);
          facesPerImage[Math.min(2, faces)]++;
        } catch (VisionException e) {
          errors++;
          System.err.println("skipped: " + e.getMessage());
        }
      }
      double wallS = (System.nanoTime() - wall0) / 1e9;
      double threadS = (CpuClock.thread() - thread0) / 1e9;
      double processS = (CpuClock.process() - process0) / 1e9;
      double queueS = seconds(queue0, CpuClock.runQueueWait());
      return reportStages(times, counts, facesPerImage, errors, wallS, threadS, processS, queueS);
    }
  }

  /**
   * Runs every stage on one image, then the whole pipeline.
   *
   * @param counts adds faces found by the stages, faces found by {@code analyze}, and faces whose
   *     alignment shrinks by more than two (where {@code analyze} halves the neighbourhood first,
   *     which the align stage here does not time)
   * @return the number of faces the detector found
   */
  private int runStages(Stages s, FacePipeline pipeline, StageTimes t, int i, byte[] bytes, String name,
      int[] counts) {
    ImageInfo info = t.time(Stage.PROBE, i, () -> loader.probe(bytes, name));
    DecodedImage image = t.time(Stage.DECODE, i, () -> loader.load(bytes, name));
    List<DetectedFace> found = t.time(Stage.DETECT, i, () -> s.detector.detect(image));
    sink += t.time(Stage.DETECT_ZOOM, i, () -> s.zoomDetector.detect(image)).size();
    BgrPixels px = BgrPixels.of(image.pixels()); // shares the decoded buffer: no copy to time
    for (DetectedFace d : found) {
      Landmarks lm = t.time(Stage.LANDMARKS, i, () -> s.landmarker.locate(px, d.box()));
      BgrPixels aligned = t.time(Stage.ALIGN, i, () -> ArcFaceAligner.align(px, lm));
      Quality quality = t.time(Stage.QUALITY, i, () -> {
        Pose pose = PoseEstimator.estimate(lm);
        double eyes = Math.hypot(lm.x(1) - lm.x(0), lm.y(1) - lm.y(0));
        return QualityAssessor.assess(aligned, eyes, pose, d.score());
      });
      float[] plain = t.time(Stage.EMBED, i, () -> s.plainEmbedder.embed(aligned));
      float[] flipped = t.time(Stage.EMBED_FLIP, i, () -> s.flipEmbedder.embed(aligned));
      sink += quality.score() + plain[0] + flipped[0];
      if (ArcFaceAligner.transform(lm).scale() < 0.5) {
        counts[2]++;
      }
    }
    ImageAnalysis whole = t.time(Stage.ANALYZE, i, () -> pipeline.analyze(loader, bytes, name, true));
    sink += info.width() + whole.faces().size();
    counts[0] += found.size();
    counts[1] += whole.faces().size();
    return found.size();
  }

  private Map<String, Object> reportStages(StageTimes t, int[] counts, int[] facesPerImage, int errors,
      double wallS, double threadS, double processS, double queueS) {
    int images = t.measuredImages();
    System.out.printf(Locale.ROOT, "%n[a] Stages, one thread, per LFW image (%d images, %d faces; images with"
        + " 0/1/2+ faces: %d/%d/%d; %d unreadable)%n", images, counts[0], facesPerImage[0], facesPerImage[1],
        facesPerImage[2], errors);
    System.out.printf(Locale.ROOT, "%-30s %7s %12s %8s %8s %13s %12s%n", "stage", "calls", "CPU ms/img",
        "p50", "p95", "wall ms/img", "CPU ms/call");
    List<Object> rows = new ArrayList<>();
    for (Stage stage : Stage.values()) {
      if (stage == Stage.ANALYZE) {
        StageTimes.Summary sum = t.pipelineSum();
        printRow("sum of the stages analyze runs", sum);
        rows.add(row("pipeline_sum", sum));
      }
      StageTimes.Summary s = t.summary(stage);
      printRow(stage.label, s);
      rows.add(row(stage.key(), s));
    }
    System.out.printf(Locale.ROOT, "faces: %d by the stages, %d by analyze; %d needed analyze's anti-aliased"
        + " align (not in the align row)%n", counts[0], counts[1], counts[2]);
    System.out.printf(Locale.ROOT, "measured loop: wall %.1f s, this thread's CPU %.1f s, process CPU %.1f s"
        + " (process/thread %.3f: %s)%n", wallS, threadS, processS, processS / threadS,
        processS / threadS < 1.10
            ? "consistent with ONNX Runtime running on the calling thread"
            : "other threads (ONNX Runtime, GC or JIT) did more than 10 % extra work");
    System.out.printf(Locale.ROOT, "the measuring thread waited %.1f s for a CPU (other processes' share of"
        + " the wall time)%n", queueS);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("images", images);
    json.put("unreadable", errors);
    json.put("faces", counts[0]);
    json.put("facesByAnalyze", counts[1]);
    json.put("antiAliasedAligns", counts[2]);
    json.put("imagesByFaceCount", List.of(facesPerImage[0], facesPerImage[1], facesPerImage[2]));
    json.put("rows", rows);
    json.put("loopWallS", wallS);
    json.put("loopThreadCpuS", threadS);
    json.put("loopProcessCpuS", processS);
    json.put("loopRunQueueWaitS", queueS);
    return json;
  }

  private static void printRow(String label, StageTimes.Summary s) {
    System.out.printf(Locale.ROOT, "%-30s %7s %12.3f %8.3f %8.3f %13.3f %12s%n", label,
        s.calls() == 0 ? "" : Long.toString(s.calls()), s.cpuMsPerImage(), s.cpuMsP50(), s.cpuMsP95(),
        s.wallMsPerImage(), Double.isNaN(s.cpuMsPerCall()) ? "" : String.format(Locale.ROOT, "%.3f",
            s.cpuMsPerCall()));
  }

  private static Map<String, Object> row(String key, StageTimes.Summary s) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("stage", key);
    r.put("calls", s.calls());
    r.put("cpuMsPerImage", s.cpuMsPerImage());
    r.put("cpuMsP50", s.cpuMsP50());
    r.put("cpuMsP95", s.cpuMsP95());
    r.put("wallMsPerImage", s.wallMsPerImage());
    r.put("cpuMsPerCall", s.cpuMsPerCall());
    return r;
  }

  // ---------------------------------------------------------------- throughput

  private Map<String, Object> measureThroughput(List<Path> files) throws InterruptedException {
    try (FacePipeline pipeline = FacePipeline.open(pack, modelDirs, config)) {
      int warm = Math.min(options.warmup, files.size());
      System.err.printf(Locale.ROOT, "throughput: warm-up on %d images with %d threads%n", warm, options.threads);
      Throughput.run(pipeline, loader, files.subList(0, warm), options.threads);
      System.err.printf(Locale.ROOT, "throughput: %d images with %d threads%n", files.size(), options.threads);
      long process0 = CpuClock.process();
      long wall0 = System.nanoTime();
      Throughput.Result result = Throughput.run(pipeline, loader, files, options.threads);
      double wallS = (System.nanoTime() - wall0) / 1e9;
      double processS = (CpuClock.process() - process0) / 1e9;
      int done = files.size() - result.errors();
      System.out.printf(Locale.ROOT, "%n[b] Throughput, %d worker threads sharing one FacePipeline"
          + " (analyze with templates, files read inside the loop)%n", options.threads);
      System.out.printf(Locale.ROOT, "%d images (%d unreadable), %d faces in %.2f s wall: %.1f images/s,"
          + " %.1f faces/s%n", files.size(), result.errors(), result.faces(), wallS, done / wallS, result.faces() / wallS);
      System.out.printf(Locale.ROOT, "CPU per image: %.2f ms by the workers' threads, %.2f ms by the process;"
          + " %.2f cores busy on average%n", result.threadCpuS() * 1e3 / done, processS * 1e3 / done, processS / wallS);
      System.out.printf(Locale.ROOT, "the workers waited %.1f s for a CPU, %.1f s each on average (other"
          + " processes' share of the wall time)%n", result.runQueueWaitS(), result.runQueueWaitS() / options.threads);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("threads", options.threads);
      json.put("images", files.size());
      json.put("unreadable", result.errors());
      json.put("faces", result.faces());
      json.put("wallS", wallS);
      json.put("imagesPerS", done / wallS);
      json.put("facesPerS", result.faces() / wallS);
      json.put("workerCpuMsPerImage", result.threadCpuS() * 1e3 / done);
      json.put("processCpuMsPerImage", processS * 1e3 / done);
      json.put("coresBusy", processS / wallS);
      json.put("workerRunQueueWaitS", result.runQueueWaitS());
      return json;
    }
  }

  // ---------------------------------------------------------------- photo

  private Map<String, Object> measurePhoto() throws IOException {
    byte[] bytes;
    String name;
    if (options.photo == null) {
      try (InputStream in = PipelineBenchmark.class.getResourceAsStream(PHOTO_RESOURCE)) {
        if (in == null) {
          throw new IOException("resource " + PHOTO_RESOURCE + " missing from the class path");
        }
        bytes = in.readAllBytes();
      }
      name = "bundled sample1.jpg";
    } else {
      bytes = Files.readAllBytes(options.photo);
      name = options.photo.toString();
    }
    ImageInfo info = loader.probe(bytes, name);
    System.err.printf(Locale.ROOT, "photo: %s, %dx%d, %d reps per mode%n", name, info.width(), info.height(),
        options.photoReps);
    double onePassMs = onePassCpuMs(bytes, name);
    System.out.printf(Locale.ROOT, "%n[c] Photo %s, %dx%d %s, %d bytes; one thread, ONNX Runtime"
        + " intraOpThreads 1; means of %d runs%n", name, info.width(), info.height(), info.format().id(),
        bytes.length, options.photoReps);
    System.out.printf(Locale.ROOT, "one detector pass on a 320x240 image: %.2f ms CPU%n", onePassMs);
    System.out.printf(Locale.ROOT, "%-8s %-6s %-9s | %-21s | %-21s | %-15s %6s %5s | %-21s %5s%n", "min", "decode",
        "decoded", "decode ms: cpu/wall", "detect ms: cpu/wall", "dec+det ms: thr/proc", "passes", "faces",
        "analyze ms: thr/proc", "faces");
    List<Object> modes = new ArrayList<>();
    long queue0 = CpuClock.runQueueWait();
    long wall0 = System.nanoTime();
    for (int minFace : PHOTO_MIN_FACES) {
      modes.add(photoMode(bytes, name, minFace, onePassMs));
    }
    double wallS = (System.nanoTime() - wall0) / 1e9;
    double queueS = seconds(queue0, CpuClock.runQueueWait());
    System.out.println("decode = probe + loadForDetection as analyze does; passes = detect CPU / one-pass CPU"
        + " (an estimate); thr = this thread's CPU, proc = the process's CPU (10 ms ticks, includes JIT and GC)");
    System.out.printf(Locale.ROOT, "the measuring thread waited %.1f s of these %.1f s for a CPU%n", queueS, wallS);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("file", name);
    json.put("width", info.width());
    json.put("height", info.height());
    json.put("bytes", bytes.length);
    json.put("reps", options.photoReps);
    json.put("onePassCpuMs", onePassMs);
    json.put("modes", modes);
    json.put("wallS", wallS);
    json.put("runQueueWaitS", queueS);
    return json;
  }

  /** CPU of one detector pass: the photo squeezed to exactly the model's window, so one pass covers it. */
  private double onePassCpuMs(byte[] bytes, String name) {
    BgrPixels full = BgrPixels.of(loader.load(bytes, name).pixels());
    BgrPixels window = AffineWarp.cropResize(full, 0, 0, full.width(), full.height(), RfbDetector.WIDTH,
        RfbDetector.HEIGHT);
    DecodedImage small = DecodedImage.full(window.toImage(), "jpeg");
    try (RfbDetector detector = detector(VisionConfig.DEFAULT_MIN_FACE)) {
      for (int r = 0; r < PHOTO_WARMUP * 5; r++) {
        sink += detector.detect(small).size();
      }
      int reps = options.photoReps * 5;
      long c0 = CpuClock.thread();
      for (int r = 0; r < reps; r++) {
        sink += detector.detect(small).size();
      }
      return (CpuClock.thread() - c0) / 1e6 / reps;
    }
  }

  private Map<String, Object> photoMode(byte[] bytes, String name, int minFace, double onePassMs) {
    VisionConfig modeConfig = config.withMinFaceSize(minFace);
    try (RfbDetector detector = detector(minFace);
        FacePipeline pipeline = FacePipeline.open(pack, modelDirs, modeConfig)) {
      for (int r = 0; r < PHOTO_WARMUP; r++) {
        sink += detector.detect(decodeForDetection(detector, bytes, name)).size();
        sink += pipeline.analyze(loader, bytes, name, true).faces().size();
      }
      int reps = options.photoReps;
      long decodeCpu = 0, decodeWall = 0, detectCpu = 0, detectWall = 0;
      int faces = 0;
      DecodedImage decoded = null;
      long process0 = CpuClock.process();
      for (int r = 0; r < reps; r++) {
        long c0 = CpuClock.thread();
        long w0 = System.nanoTime();
        decoded = decodeForDetection(detector, bytes, name);
        long c1 = CpuClock.thread();
        long w1 = System.nanoTime();
        faces = detector.detect(decoded).size();
        detectWall += System.nanoTime() - w1;
        detectCpu += CpuClock.thread() - c1;
        decodeCpu += c1 - c0;
        decodeWall += w1 - w0;
      }
      long process1 = CpuClock.process();
      long analyzeCpu = 0;
      int analyzeFaces = 0;
      for (int r = 0; r < reps; r++) {
        long c0 = CpuClock.thread();
        analyzeFaces = pipeline.analyze(loader, bytes, name, true).faces().size();
        analyzeCpu += CpuClock.thread() - c0;
      }
      long process2 = CpuClock.process();
      sink += faces + analyzeFaces;

      double decodeCpuMs = decodeCpu / 1e6 / reps;
      double detectCpuMs = detectCpu / 1e6 / reps;
      double threadMs = decodeCpuMs + detectCpuMs;
      double processMs = (process1 - process0) / 1e6 / reps;
      double analyzeThreadMs = analyzeCpu / 1e6 / reps;
      double analyzeProcessMs = (process2 - process1) / 1e6 / reps;
      double passes = detectCpuMs / onePassMs; // an estimate: tiles also pay for the halvings of their level
      int factor = (int) Math.round(1 / decoded.scale());
      String decodedSize = decoded.pixels().getWidth() + "x" + decoded.pixels().getHeight();
      System.out.printf(Locale.ROOT, "%-8s %-6s %-9s | %9.1f / %9.1f | %9.1f / %9.1f | %7.1f / %5.1f %6.1f %5d"
          + " | %9.1f / %9.1f %5d%n", minFace + " px", "1/" + factor, decodedSize, decodeCpuMs, decodeWall / 1e6 / reps,
          detectCpuMs, detectWall / 1e6 / reps, threadMs, processMs, passes, faces, analyzeThreadMs, analyzeProcessMs,
          analyzeFaces);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("minFace", minFace);
      json.put("subsampling", factor);
      json.put("decoded", decodedSize);
      json.put("decodeCpuMs", decodeCpuMs);
      json.put("decodeWallMs", decodeWall / 1e6 / reps);
      json.put("detectCpuMs", detectCpuMs);
      json.put("detectWallMs", detectWall / 1e6 / reps);
      json.put("decodeDetectThreadCpuMs", threadMs);
      json.put("decodeDetectProcessCpuMs", processMs);
      json.put("passesEstimate", passes);
      json.put("faces", faces);
      json.put("analyzeThreadCpuMs", analyzeThreadMs);
      json.put("analyzeProcessCpuMs", analyzeProcessMs);
      json.put("analyzeFaces", analyzeFaces);
      return json;
    }
  }

  /** The decode {@link FacePipeline#analyze(ImageLoader, byte[], String, boolean)} does before detection. */
  private DecodedImage decodeForDetection(RfbDetector detector, byte[] bytes, String name) {
    ImageInfo info = loader.probe(bytes, name);
    double scale = detector.requiredScale(info.width(), info.height());
    int maxSide = (int) Math.ceil(Math.max(info.width(), info.height()) * scale);
    return loader.loadForDetection(bytes, name, Math.max(1, maxSide));
  }

  /** Seconds between two {@link CpuClock#runQueueWait()} readings, NaN when either is unknown. */
  private static double seconds(long fromNanos, long toNanos) {
    return fromNanos < 0 || toNanos < 0 ? Double.NaN : (toNanos - fromNanos) / 1e9;
  }

  // ---------------------------------------------------------------- models

  private RfbDetector detector(int minFace) {
    return new RfbDetector(model(pack.detector(), RfbDetector.INPUT_SHAPE), config.detectionThreshold(), minFace);
  }

  /** Loads a model as {@link FacePipeline#open} does, with the benchmark's one-thread config. */
  private OnnxModel model(ModelSpec spec, long[] shape) {
    return new OnnxModel(ModelPack.locate(spec, modelDirs), spec.sha256(), shape, config.intraOpThreads(),
        Device.CPU);
  }

  /** The default pack's stages, opened one by one so each can be timed alone. */
  private final class Stages implements AutoCloseable {
    final RfbDetector detector;
    final RfbDetector zoomDetector;
    final Landmark68Model landmarker;
    final ArcFaceEmbedder plainEmbedder;
    final ArcFaceEmbedder flipEmbedder;

    Stages() {
      if (pack.detector().kind().equals("rfb320") == false || pack.landmarker().isEmpty()) {
        throw new IllegalStateException("the stage timings expect the default pack (rfb320 and landmark68), got "
            + pack.detector().kind());
      }
      detector = detector(config.minFaceSize());
      // The pack's zoom fraction (0.5 in the default pack), forced onto every photo.
      double zoom = pack.detection().zoomOut() > 0 ? pack.detection().zoomOut() : 0.5;
      zoomDetector = new RfbDetector(model(pack.detector(), RfbDetector.INPUT_SHAPE),
          config.detectionThreshold(), config.minFaceSize(), new ZoomOut(zoom, true));
      landmarker = new Landmark68Model(model(pack.landmarker().get(), Landmark68Model.INPUT_SHAPE),
          config.refineLandmarks(), config.flipLandmarks());
      plainEmbedder = new ArcFaceEmbedder(model(pack.embedder(), ArcFaceEmbedder.INPUT_SHAPE), pack.embedderBgr(),
          false);
      flipEmbedder = new ArcFaceEmbedder(model(pack.embedder(), ArcFaceEmbedder.INPUT_SHAPE), pack.embedderBgr(),
          true);
    }

    @Override
    public void close() {
      detector.close();
      zoomDetector.close();
      landmarker.close();
      plainEmbedder.close();
      flipEmbedder.close();
    }
  }

  // ---------------------------------------------------------------- options

  private record Options(Path lfw, int images, int threads, Path models, Path photo, int warmup, int photoReps,
      boolean json) {
    static final String USAGE = "usage: PipelineBenchmark [--lfw DIR] [--images N] [--threads T] [--models DIR]"
        + " [--photo FILE] [--warmup N] [--photo-reps N] [--json]";

    static Options parse(String[] args) {
      Path lfw = Path.of("../shared/data/lfw");
      int images = 2000;
      int threads = 2;
      Path models = Path.of("models");
      Path photo = null;
      int warmup = 100;
      int photoReps = 20;
      boolean json = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--lfw" -> lfw = Path.of(value(args, ++i, a));
          case "--images" -> images = positive(args, ++i, a);
          case "--threads" -> threads = positive(args, ++i, a);
          case "--models" -> models = Path.of(value(args, ++i, a));
          case "--photo" -> photo = Path.of(value(args, ++i, a));
          case "--warmup" -> warmup = positive(args, ++i, a);
          case "--photo-reps" -> photoReps = positive(args, ++i, a);
          case "--json" -> json = true;
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return new Options(lfw, images, threads, models, photo, warmup, photoReps, json);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static int positive(String[] args, int i, String option) {
      String v = value(args, i, option);
      try {
        int n = Integer.parseInt(v);
        if (n < 1) {
          throw new IllegalArgumentException(option + " must be at least 1, got " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " expects a whole number, got '" + v + "'", e);
      }
    }

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("lfw", lfw.toString());
      m.put("images", images);
      m.put("threads", threads);
      m.put("models", models.toString());
      m.put("photo", photo == null ? PHOTO_RESOURCE : photo.toString());
      m.put("warmup", warmup);
      m.put("photoReps", photoReps);
      return m;
    }
  }
}
