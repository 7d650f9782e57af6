package candor.bench.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import candor.bench.BadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Two embedder files side by side, the original {@code fr_feature.onnx} and a candidate ({@code
 * --candidate}: the split or the int8 file of {@link EmbedderGraphs}), in one process on the same
 * aligned LFW faces ({@link AlignedFaces}, photos between the quantizer's calibration photos): CPU
 * per face on one thread, alternating the models for {@code --rounds} rounds so that the
 * machine's drift shows as spread; how far the candidate's templates are from the original's
 * (cosine); and the two ways to use more than one core per stream: ONNX Runtime's own threads
 * (intra-op 2) and batches ({@code --batch}, on copies of both models re-declared with a free
 * batch dimension), each alone and as the ingest runs it, two streams on two cores.
 *
 * <p>With {@code --dump DIR} it writes the faces ({@code faces.f32}: N x 3 x 112 x 112 floats,
 * little-endian) and both models' templates ({@code original.f32}, {@code candidate.f32}: N x 512) for
 * another runtime to be compared on the same inputs.
 *
 * <pre>{@code
 * java ... candor.bench.vision.EmbedderSpeed --candidate models/fr_feature_split.onnx [--faces 300]
 *     [--rounds 3] [--batch 8] [--dump DIR]
 * }</pre>
 */
public final class EmbedderSpeed {

  private static final String USAGE = "usage: EmbedderSpeed [--original FILE] [--candidate FILE] [--lfw DIR]"
      + " [--models DIR] [--faces N] [--rounds R] [--batch B] [--dump DIR]";

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();

  private EmbedderSpeed() {}

  /**
   * Runs the comparison (see the class javadoc); exits with status 2 on a bad option.
   *
   * @param args the options
   * @throws Exception when a model or LFW cannot be read or ONNX Runtime fails
   */
  public static void main(String[] args) throws Exception {
    Options o = BadOptions.parseOrExit(args, Options::parse, USAGE);
    CpuClock.requireThreadCpuTime();
    new EmbedderSpeed().run(o);
  }

  private void run(Options o) throws IOException, OrtException, InterruptedException {
    List<float[]> faces;
    try (AlignedFaces aligned = new AlignedFaces(o.models)) {
      // between the quantizer's calibration photos: the odd ones of twice as many, evenly spaced
      List<Path> files = AlignedFaces.spaced(o.lfw, 2 * o.faces);
      faces = aligned.tensors(IntStream.range(0, files.size()).filter(i -> i % 2 == 1)
          .mapToObj(files::get).toList());
    }
    byte[] fp32 = Files.readAllBytes(o.original);
    byte[] int8 = Files.readAllBytes(o.candidate);
    String candidate = o.candidate.getFileName().toString();
    System.out.printf(Locale.ROOT, "%d aligned LFW faces; original %s (%,d bytes), candidate %s"
        + " (%,d bytes); load average %.2f%n", faces.size(), o.original, fp32.length, o.candidate,
        int8.length, CpuClock.loadAverage());
    Map<String, Object> json = new LinkedHashMap<>();
    try (OrtSession f = session(fp32, 1); OrtSession q = session(int8, 1)) {
      float[][] ef = embed(f, faces);
      float[][] eq = embed(q, faces);
      double[] cos = new double[faces.size()];
      for (int i = 0; i < cos.length; i++) {
        cos[i] = cosine(ef[i], eq[i]);
      }
      Arrays.sort(cos);
      System.out.printf(Locale.ROOT, "cosine of the candidate's and the original's templates of the same face: mean"
          + " %.5f, min %.5f, 1st percentile %.5f%n", Arrays.stream(cos).average().orElse(0),
          cos[0], cos[cos.length / 100]);
      if (o.dump != null) {
        Files.createDirectories(o.dump);
        write(o.dump.resolve("faces.f32"), faces.toArray(float[][]::new));
        write(o.dump.resolve("original.f32"), ef);
        write(o.dump.resolve("candidate.f32"), eq);
      }
      System.out.printf(Locale.ROOT, "%none thread, batch 1, CPU per face (ms), rounds alternating:%n");
      for (int r = 1; r <= o.rounds; r++) {
        double tf = cpuPerFace(f, faces, 1);
        double tq = cpuPerFace(q, faces, 1);
        System.out.printf(Locale.ROOT, "  round %d: original %.2f, %s %.2f (%.2fx)%n", r, tf,
            candidate, tq, tf / tq);
      }
    }
    System.out.printf(Locale.ROOT, "%nmore than one core (ms per face; CPU = the process's):%n");
    OnnxFile fd = OnnxFile.parse(fp32);
    fd.dynamicBatch();
    OnnxFile qd = OnnxFile.parse(int8);
    qd.dynamicBatch();
    byte[] fpBatch = fd.write(OnnxFile.opset(fp32), List.of());
    byte[] qBatch = qd.write(OnnxFile.opset(int8), List.of());
    for (String name : List.of("original", candidate)) {
      byte[] plain = name.equals("original") ? fp32 : int8;
      byte[] batched = name.equals("original") ? fpBatch : qBatch;
      try (OrtSession one = session(plain, 1); OrtSession two = session(plain, 2);
          OrtSession batch = session(batched, 1)) {
        Streams a = streams(one, faces, 1, 1);
        Streams b = streams(two, faces, 1, 1);
        Streams c = streams(batch, faces, o.batch, 1);
        Streams d = streams(one, faces, 1, 2);
        Streams e = streams(batch, faces, o.batch, 2);
        System.out.printf(Locale.ROOT, "  %s, one stream: batch 1 on 1 thread %.2f wall / %.2f CPU;"
            + " batch 1 on 2 intra-op threads %.2f / %.2f; batch %d on 1 thread %.2f / %.2f%n",
            name, a.wallMs, a.cpuMs, b.wallMs, b.cpuMs, o.batch, c.wallMs, c.cpuMs);
        System.out.printf(Locale.ROOT, "  %s, two streams (as ingest): batch 1 %.2f wall / %.2f CPU"
            + " (%.0f faces/s); batch %d %.2f / %.2f (%.0f faces/s)%n", name, d.wallMs, d.cpuMs,
            1e3 / d.wallMs, o.batch, e.wallMs, e.cpuMs, 1e3 / e.wallMs);
      }
    }
    System.out.printf(Locale.ROOT, "load average at end %.2f%n", CpuClock.loadAverage());
  }

  private OrtSession session(byte[] model, int threads) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      return env.createSession(model, options);
    }
  }

  private float[][] embed(OrtSession s, List<float[]> faces) throws OrtException {
    float[][] out = new float[faces.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = run(s, List.of(faces.get(i)))[0];
    }
    return out;
  }

  /** Runs a batch; returns one output per input. */
  private float[][] run(OrtSession s, List<float[]> batch) throws OrtException {
    FloatBuffer in = FloatBuffer.allocate(batch.size() * AlignedFaces.TENSOR);
    batch.forEach(in::put);
    in.flip();
    String name = s.getInputNames().iterator().next();
    try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {batch.size(), 3, 112, 112});
        OrtSession.Result r = s.run(Map.of(name, t))) {
      FloatBuffer values = ((OnnxTensor) r.get(0)).getFloatBuffer();
      int dim = values.remaining() / batch.size();
      float[][] out = new float[batch.size()][dim];
      for (float[] o : out) {
        values.get(o);
      }
      return out;
    }
  }

  private double cpuPerFace(OrtSession s, List<float[]> faces, int batch) throws OrtException {
    long cpu0 = CpuClock.thread();
    for (int i = 0; i < faces.size(); i += batch) {
      run(s, faces.subList(i, Math.min(faces.size(), i + batch)));
    }
    return (CpuClock.thread() - cpu0) / 1e6 / faces.size();
  }

  private record Streams(double wallMs, double cpuMs) {}

  /** {@code streams} threads embed the faces in batches, sharing one session. */
  private Streams streams(OrtSession s, List<float[]> faces, int batch, int streams)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    long process0 = CpuClock.process();
    long wall0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < streams; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i; (i = next.getAndAdd(batch)) < faces.size(); ) {
          try {
            run(s, faces.subList(i, Math.min(faces.size(), i + batch)));
          } catch (OrtException e) {
            failures.incrementAndGet();
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " runs failed");
    }
    return new Streams((System.nanoTime() - wall0) / 1e6 / faces.size(),
        (CpuClock.process() - process0) / 1e6 / faces.size());
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static void write(Path file, float[][] rows) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * rows.length * rows[0].length)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : rows) {
      b.asFloatBuffer().put(row);
      b.position(b.position() + 4 * row.length);
    }
    Files.write(file, b.array());
  }

  private record Options(Path original, Path candidate, Path lfw, Path models, int faces, int rounds,
      int batch, Path dump) {
    static Options parse(String[] args) {
      Path original = Path.of("models/fr_feature.onnx");
      Path candidate = Path.of("models/fr_feature_split.onnx");
      Path lfw = Path.of("../shared/data/lfw");
      Path models = Path.of("models");
      int faces = 300;
      int rounds = 3;
      int batch = 8;
      Path dump = null;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--original" -> original = Path.of(v);
          case "--candidate" -> candidate = Path.of(v);
          case "--lfw" -> lfw = Path.of(v);
          case "--models" -> models = Path.of(v);
          case "--faces" -> faces = Integer.parseInt(v);
          case "--rounds" -> rounds = Integer.parseInt(v);
          case "--batch" -> batch = Integer.parseInt(v);
          case "--dump" -> dump = Path.of(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (faces < 1 || rounds < 1 || batch < 1) {
        throw new IllegalArgumentException("--faces, --rounds and --batch must be at least 1");
      }
      return new Options(original, candidate, lfw, models, faces, rounds, batch, dump);
    }
  }
}
