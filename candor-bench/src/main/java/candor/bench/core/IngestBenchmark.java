package candor.bench.core;

import candor.app.Main;
import candor.bench.BadOptions;
import candor.bench.vision.CpuClock;
import candor.bench.vision.Throughput;
import candor.vision.FacePipeline;
import candor.vision.VisionConfig;
import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.pack.ModelPack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import one.profiler.AsyncProfiler;
import picocli.CommandLine;

/**
 * Measures {@code candor ingest} against the face engine alone, in one process: the engine's
 * throughput as {@code PipelineBenchmark} measures it ([b], {@link Throughput}), then {@code
 * candor ingest} of the same images into a fresh collection, run in-process through the real
 * command line ({@link Main#commandLine()}: API keys, policy, audit, store, sealed crops, index),
 * alternating for {@code --rounds} rounds so that the machine's drift shows as spread. A main that
 * prints figures, not a test; never run by {@code verify}.
 *
 * <p>The images are {@code --images} LFW photos, one per person: the first photo of persons evenly
 * spaced through the sorted folders, linked into {@code WORK/input/<person>/} so that {@code
 * --subject-from-folder} enrols each as a subject. Each round bootstraps a new data directory as
 * README's "Build a gallery" shows ({@code keys create}, {@code collections create}, an enroller
 * key) and ingests with {@code --threads} workers; the rate is the one {@code ingest --json}
 * reports ({@code files_per_second}: its own timed window, from the first file to the index's last
 * commit, without opening the gallery and models). CPU during that window is read per thread (the
 * ingest's workers, writer and file writers) and for the whole process (JIT and GC included).
 *
 * <pre>{@code
 * ./mvnw -B -q -o -pl candor-bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp 'candor-bench/target/candor-bench-0.1.0-SNAPSHOT.jar:candor-bench/target/lib/*' \
 *     candor.bench.core.IngestBenchmark --images 600 --rounds 3 [--json]
 * }</pre>
 *
 * <p>Options: {@code --lfw DIR} ({@code ../shared/data/lfw}; without it the benchmark says so and
 * exits 0), {@code --images N} (600), {@code --threads T} (2), {@code --rounds R} (3), {@code
 * --warmup N} (engine warm-up images, 100), {@code --work DIR} (a new temporary folder, deleted
 * afterwards unless given), {@code --models DIR} ({@code models}), {@code --profile FILE} (the
 * last round's engine run and ingest are profiled with async-profiler, CPU samples every
 * millisecond of CPU, into {@code FILE.engine} and {@code FILE} as collapsed stacks per thread;
 * their stages ({@link ProfileStages}) and top frames are printed), {@code --every-face} (ingest
 * without {@code --subject-from-folder}: every face of every photo analysed and stored, as the
 * engine alone analyses them, rather than one face per photo), {@code --json}.
 */
public final class IngestBenchmark {

  private static final String USAGE = "usage: IngestBenchmark [--lfw DIR] [--images N] [--threads T]"
      + " [--rounds R] [--warmup N] [--work DIR] [--models DIR] [--profile FILE] [--every-face]"
      + " [--json]";

  private final Options options;
  private final ImageLoader loader = new ImageLoader(ImageLimits.defaults());
  private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();

  private IngestBenchmark(Options options) {
    this.options = options;
  }

  /**
   * Runs the benchmark (see the class javadoc); exits with status 2 on a bad option.
   *
   * @param args the options
   * @throws Exception when the models, LFW or the work folder cannot be read or written
   */
  public static void main(String[] args) throws Exception {
    Options options = BadOptions.parseOrExit(args, Options::parse, USAGE);
    CpuClock.requireThreadCpuTime();
    new IngestBenchmark(options).run();
  }

  private void run() throws IOException, InterruptedException {
    if (Files.isDirectory(options.lfw) == false) {
      System.out.printf(Locale.ROOT, "LFW not found at %s: nothing to measure (pass --lfw DIR)%n",
          options.lfw.toAbsolutePath().normalize());
      return;
    }
    if (System.getProperty("candor.home") == null) {
      // where `candor ingest` finds the shipped models, as the launcher sets it
      System.setProperty("candor.home", options.models.toAbsolutePath().getParent().toString());
    }
    boolean temporary = options.work == null;
    Path work = temporary ? Files.createTempDirectory("candor-ingest-bench") : options.work;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "IngestBenchmark");
    json.put("loadAverageStart", CpuClock.loadAverage());
    try {
      List<Path> images = linkImages(work.resolve("input"));
      System.out.printf(Locale.ROOT, "Candor ingest benchmark: %d LFW images (one per person), %d"
          + " threads, %d rounds, %s; load average %.2f%n", images.size(), options.threads,
          options.rounds, options.everyFace ? "every face stored (no --subject-from-folder)"
              : "--subject-from-folder (one face per photo)", CpuClock.loadAverage());
      List<Map<String, Object>> rounds = new ArrayList<>();
      try (FacePipeline pipeline = FacePipeline.open(ModelPack.named("default",
          List.of(options.models)), List.of(options.models), VisionConfig.defaults())) {
        Throughput.run(pipeline, loader, images.subList(0, Math.min(options.warmup,
            images.size())), options.threads);
        for (int round = 1; round <= options.rounds; round++) {
          boolean profiled = options.profile != null && round == options.rounds;
          Path engineProfile = profiled ? Path.of(options.profile + ".engine") : null;
          startProfile(engineProfile);
          Map<String, Object> engine = engine(pipeline, images);
          stopProfile(engineProfile);
          startProfile(profiled ? options.profile : null);
          Map<String, Object> ingest = ingest(work.resolve("data-" + round), work.resolve("input"),
              images.size());
          stopProfile(profiled ? options.profile : null);
          double ratio = (double) ingest.get("filesPerS") / (double) engine.get("imagesPerS");
          System.out.printf(Locale.ROOT, "round %d: engine [b] %.1f images/s (CPU per image %.2f"
              + " ms by its workers, %.2f ms by the process), candor ingest %.1f files/s (%.2f ms"
              + " by the process: workers %.2f, writer %.2f, file writers %.2f): %.1f %% of the"
              + " engine; faces: engine %d, stored %d%n", round, engine.get("imagesPerS"),
              engine.get("cpuMsPerImage"),
              engine.get("processCpuMsPerImage"), ingest.get("filesPerS"),
              ingest.get("processCpuMsPerFile"),
              ingest.get("workerCpuMsPerFile"), ingest.get("writerCpuMsPerFile"),
              ingest.get("ioCpuMsPerFile"), 100 * ratio, engine.get("faces"), ingest.get("faces"));
          Map<String, Object> r = new LinkedHashMap<>();
          r.put("round", round);
          r.put("engine", engine);
          r.put("ingest", ingest);
          r.put("ratio", ratio);
          rounds.add(r);
        }
      }
      json.put("rounds", rounds);
      if (options.profile != null) {
        for (Path profile : List.of(Path.of(options.profile + ".engine"), options.profile)) {
          System.out.printf(Locale.ROOT, "%nCPU by stage in %s (1 sample = 1 ms of CPU):%n",
              profile);
          ProfileStages.print(ProfileStages.split(profile), images.size(), 1e-3);
          System.out.printf(Locale.ROOT, "top frames:%n");
          long total = ProfileStages.split(profile).get("total");
          ProfileStages.topFrames(profile, 15).forEach((frame, n) -> System.out.printf(Locale.ROOT,
              "  %5.1f %%  %s%n", 100.0 * n / total, frame));
        }
      }
    } finally {
      if (temporary) {
        deleteTree(work);
      }
    }
    double loadEnd = CpuClock.loadAverage();
    json.put("loadAverageEnd", loadEnd);
    System.out.printf(Locale.ROOT, "load average at end: %.2f%n", loadEnd);
    if (options.json) {
      System.out.println(new ObjectMapper().writeValueAsString(json));
    }
  }

  /** Starts async-profiler (its library comes from its jar) when {@code file} is not null. */
  private static void startProfile(Path file) throws IOException {
    if (file != null) {
      AsyncProfiler.getInstance().execute("start,event=cpu,interval=1000000,threads");
    }
  }

  /** Stops async-profiler and writes its collapsed stacks to {@code file}, if not null. */
  private static void stopProfile(Path file) throws IOException {
    if (file != null) {
      AsyncProfiler.getInstance().execute("stop,file=" + file.toAbsolutePath() + ",collapsed");
    }
  }

  /** The first photo of {@code --images} persons evenly spaced through LFW, linked into dir. */
  private List<Path> linkImages(Path dir) throws IOException {
    List<Path> people;
    try (Stream<Path> list = Files.list(options.lfw)) {
      people = list.filter(Files::isDirectory).sorted().toList();
    }
    int n = Math.min(options.images, people.size());
    List<Path> links = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      Path person = people.get((int) ((long) k * people.size() / n));
      Path first;
      try (Stream<Path> photos = Files.list(person)) {
        first = photos.filter(p -> p.toString().endsWith(".jpg")).min(Comparator.naturalOrder())
            .orElse(null);
      }
      if (first == null) {
        continue;
      }
      Path link = dir.resolve(person.getFileName().toString()).resolve(first.getFileName().toString());
      Files.createDirectories(link.getParent());
      if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) == false) {
        Files.createSymbolicLink(link, first.toAbsolutePath());
      }
      links.add(link);
    }
    return links;
  }

  /** The engine alone: measurement [b] of PipelineBenchmark on the same images. */
  private Map<String, Object> engine(FacePipeline pipeline, List<Path> images)
      throws InterruptedException {
    long process0 = CpuClock.process();
    long wall0 = System.nanoTime();
    Throughput.Result result = Throughput.run(pipeline, loader, images, options.threads);
    double wallS = (System.nanoTime() - wall0) / 1e9;
    double processS = (CpuClock.process() - process0) / 1e9;
    int done = images.size() - result.errors();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("images", images.size());
    json.put("faces", result.faces());
    json.put("wallS", wallS);
    json.put("imagesPerS", done / wallS);
    json.put("cpuMsPerImage", result.threadCpuS() * 1e3 / done);
    json.put("processCpuMsPerImage", processS * 1e3 / done);
    json.put("runQueueWaitS", result.runQueueWaitS());
    return json;
  }

  /** A fresh data directory bootstrapped as README shows, then {@code candor ingest --json}. */
  private Map<String, Object> ingest(Path data, Path input, int files) throws IOException {
    Path ops = data.resolveSibling(data.getFileName() + ".ops.key");
    Path enroller = data.resolveSibling(data.getFileName() + ".enrol.key");
    Files.writeString(ops, candor("keys", "create", "--role", "admin", "--name", "ops",
        "--data", data.toString()));
    candor("collections", "create", "bench", "--purpose", "ingest benchmark", "--lawful-basis",
        "authority", "--basis-ref", "benchmark", "--data", data.toString(), "--key-file",
        ops.toString());
    Files.writeString(enroller, candor("keys", "create", "--role", "enroller", "--collections",
        "bench", "--name", "loader", "--data", data.toString()));
    ThreadCpu sampler = new ThreadCpu();
    Thread watch = Thread.ofPlatform().name("bench-cpu-sampler").daemon().start(sampler);
    List<String> args = new ArrayList<>(List.of("ingest", input.toString(), "--collection",
        "bench", "--lawful-basis", "authority", "--basis-ref", "benchmark", "--data",
        data.toString(), "--key-file", enroller.toString(), "--threads",
        Integer.toString(options.threads), "--json"));
    if (options.everyFace == false) {
      args.add("--subject-from-folder");
    }
    String out = candor(args.toArray(String[]::new));
    sampler.stop();
    try {
      watch.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    JsonNode summary = new ObjectMapper().readTree(out);
    if (summary.get("files").asInt() != files || summary.get("errors").isEmpty() == false) {
      throw new IllegalStateException("the ingest did not store every file: " + out);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("files", files);
    json.put("faces", summary.get("faces").asLong());
    json.put("seconds", summary.get("seconds").asDouble());
    json.put("filesPerS", summary.get("files_per_second").asDouble());
    json.put("processCpuMsPerFile", sampler.processCpuS() * 1e3 / files);
    json.put("workerCpuMsPerFile", sampler.cpuS("candor-ingest-worker") * 1e3 / files);
    json.put("writerCpuMsPerFile", sampler.cpuS("candor-ingest-writer") * 1e3 / files);
    json.put("ioCpuMsPerFile", sampler.cpuS("candor-ingest-io") * 1e3 / files);
    json.put("ingestWallS", sampler.wallS());
    return json;
  }

  /** Runs a candor command in this process and returns its standard output. */
  private static String candor(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    if (code != 0) {
      throw new IllegalStateException("candor " + String.join(" ", args) + " exited " + code
          + ": " + err);
    }
    return out.toString();
  }

  /**
   * Watches the ingest's threads every 100 ms: each one's last CPU time before it ends, and the
   * process CPU from when the first ingest thread appears to when the last one has gone.
   */
  private final class ThreadCpu implements Runnable {
    private final Map<Long, Long> lastCpu = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private long processStart = -1;
    private long processEnd = -1;
    private long wallStart;
    private long wallEnd;

    @Override
    public void run() {
      while (true) {
        boolean any = false;
        // thread infos without stacks: no safepoint, no stack walks
        for (java.lang.management.ThreadInfo t : threadBean.getThreadInfo(
            threadBean.getAllThreadIds(), 0)) {
          if (t != null && t.getThreadName().startsWith("candor-ingest-")) {
            any = true;
            long cpu = threadBean.getThreadCpuTime(t.getThreadId());
            if (cpu >= 0) {
              lastCpu.put(t.getThreadId(), cpu);
              names.put(t.getThreadId(), t.getThreadName());
            }
          }
        }
        if (any && processStart < 0) {
          processStart = CpuClock.process();
          wallStart = System.nanoTime();
        }
        if (any) {
          processEnd = CpuClock.process();
          wallEnd = System.nanoTime();
        }
        if (stopped) {
          return;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stop() {
      stopped = true;
    }

    double cpuS(String prefix) {
      return lastCpu.entrySet().stream().filter(e -> names.get(e.getKey()).startsWith(prefix))
          .mapToLong(Map.Entry::getValue).sum() / 1e9;
    }

    double processCpuS() {
      return (processEnd - processStart) / 1e9;
    }

    double wallS() {
      return (wallEnd - wallStart) / 1e9;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir) == false) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private record Options(Path lfw, int images, int threads, int rounds, int warmup, Path work,
      Path models, Path profile, boolean everyFace, boolean json) {
    static Options parse(String[] args) {
      Path lfw = Path.of("../shared/data/lfw");
      int images = 600;
      int threads = 2;
      int rounds = 3;
      int warmup = 100;
      Path work = null;
      Path models = Path.of("models");
      Path profile = null;
      boolean everyFace = false;
      boolean json = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--lfw" -> lfw = Path.of(value(args, ++i));
          case "--images" -> images = positive(args, ++i);
          case "--threads" -> threads = positive(args, ++i);
          case "--rounds" -> rounds = positive(args, ++i);
          case "--warmup" -> warmup = positive(args, ++i);
          case "--work" -> work = Path.of(value(args, ++i));
          case "--models" -> models = Path.of(value(args, ++i));
          case "--profile" -> profile = Path.of(value(args, ++i));
          case "--every-face" -> everyFace = true;
          case "--json" -> json = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(lfw, images, threads, rounds, warmup, work, models, profile, everyFace,
          json);
    }

    private static String value(String[] args, int i) {
      if (i >= args.length) {
        throw new IllegalArgumentException(args[i - 1] + " needs a value");
      }
      return args[i];
    }

    private static int positive(String[] args, int i) {
      String v = value(args, i);
      try {
        int n = Integer.parseInt(v);
        if (n < 1) {
          throw new IllegalArgumentException(args[i - 1] + " must be at least 1, got " + v);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(args[i - 1] + " must be a number, got " + v, e);
      }
    }
  }
}
