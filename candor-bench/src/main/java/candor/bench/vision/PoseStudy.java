package candor.bench.vision;

import candor.bench.BadOptions;
import candor.core.eval.FaceChoice;
import candor.core.eval.Pair;
import candor.core.eval.PairsFile;
import candor.core.eval.Verification;
import candor.core.eval.VerificationResult;
import candor.core.model.FusedTemplate;
import candor.vision.DecodedImage;
import candor.vision.Embedding;
import candor.vision.Face;
import candor.vision.FacePipeline;
import candor.vision.Landmarks;
import candor.vision.VisionConfig;
import candor.vision.align.ArcFaceAligner;
import candor.vision.align.BgrPixels;
import candor.vision.align.SimilarityTransform;
import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.onnx.ArcFaceEmbedder;
import candor.vision.onnx.OnnxModel;
import candor.vision.pack.ModelPack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * How far the shipped embedder can be pushed on turned faces (issue #6): a study on a
 * frontal-to-profile data set laid out like LFW (cfp-dev), not a test and not part of the product.
 *
 * <p>Every image goes through the pack's detector and landmarks once, as {@code candor eval lfw}
 * does; then its face is cropped several ways and each crop embedded with its mirror image (flip
 * test). The crops differ from the shipped alignment by a zoom about the crop's centre or a shift
 * along the yaw's sign, and replace the shipped crop only for faces turned at least {@code
 * --min-yaw} degrees. It then reports, on the data set's pairs (k folds, threshold chosen on the
 * other folds):
 *
 * <ol>
 *   <li>each crop variant;
 *   <li>every face embedded with all variants and the templates averaged (test-time augmentation,
 *       one embedding per variant and mirror);
 *   <li>both of those after a within-person whitening learned, for each fold, from the other
 *       folds' people only (the pairs' folds have disjoint people): the most a linear adaptation
 *       learned from labelled frontal and profile photos gives.
 * </ol>
 *
 * <p>Run from the project root after {@code ./mvnw -B -q -o -pl candor-bench -am package
 * -DskipTests}:
 *
 * <pre>{@code
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED \
 *     -cp 'candor-bench/target/candor-bench-0.1.0-SNAPSHOT.jar:candor-bench/target/lib/*' \
 *     candor.bench.vision.PoseStudy [--dataset ../shared/data/cfp-dev] [--pack yunet] \
 *     [--models DIR]... [--min-yaw 35] [--threads 2]
 * }</pre>
 *
 * <p>{@code --models} may be given several times (default {@code models} and {@code
 * ../shared/models/yunet}); the study skips with a message when the data set is absent.
 */
public final class PoseStudy {
  /** Weight of the identity added to the within-person scatter, relative to its mean eigenvalue. */
  private static final double WHITENING_RIDGE = 1.0;

  /** A crop: zoom about the crop's centre, then a shift in crop pixels (x along the yaw's sign). */
  record Variant(String name, double zoom, double dx, double dy) {}

  static final List<Variant> VARIANTS = List.of(
      new Variant("as shipped", 1, 0, 0),
      new Variant("zoomed out 5 %", 0.95, 0, 0),
      new Variant("zoomed out 10 %", 0.9, 0, 0),
      new Variant("zoomed out 15 %", 0.85, 0, 0),
      new Variant("zoomed in 10 %", 1.1, 0, 0),
      new Variant("shifted 4 px, yaw's sign", 1, 4, 0),
      new Variant("shifted 4 px, against it", 1, -4, 0),
      new Variant("shifted 6 px down", 1, 0, 6));

  /** One image's face: its yaw, its person, and per variant the flip-test template. */
  private record Sample(String person, float yaw, float[] plain, float[][] flipped) {}

  private final Options options;

  private PoseStudy(Options options) {
    this.options = options;
  }

  /**
   * Runs the study (see the class javadoc); exits with status 2 on a bad option.
   *
   * @param args the options
   * @throws Exception when a model or an image cannot be read
   */
  public static void main(String[] args) throws Exception {
    Options options = BadOptions.parseOrExit(args, Options::parse, Options.USAGE);
    if (!Files.isRegularFile(options.dataset.resolve("pairs.txt"))) {
      System.out.println("PoseStudy: " + options.dataset + "/pairs.txt not found, nothing measured");
      return;
    }
    new PoseStudy(options).run();
  }

  private void run() throws Exception {
    List<Pair> pairs = PairsFile.read(options.dataset, options.dataset.resolve("pairs.txt"));
    List<Path> images;
    try (Stream<Path> s = Files.walk(options.dataset, 2)) {
      images = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    Map<Path, Sample> samples = embed(images);
    int missing = images.size() - samples.size();
    System.out.printf(Locale.ROOT, "PoseStudy: %s, pack %s, %d images (%d without a face), %d pairs, "
        + "variants for |yaw| >= %.0f%n%n", options.dataset, options.pack, images.size(), missing, pairs.size(),
        options.minYaw);
    System.out.println("| templates | accuracy | TAR@FAR=1e-3 |");
    System.out.println("|---|---|---|");
    Map<Path, float[]> plain = new HashMap<>();
    samples.forEach((p, s) -> plain.put(p, s.plain()));
    row("as shipped, no flip test", pairs, plain, missing);
    for (int v = 0; v < VARIANTS.size(); v++) {
      row(VARIANTS.get(v).name() + " + flip test", pairs, templates(samples, v), missing);
    }
    Map<Path, float[]> averaged = new HashMap<>();
    samples.forEach((p, s) -> averaged.put(p, FusedTemplate.of(Arrays.asList(s.flipped())).values()));
    row("all " + VARIANTS.size() + " crops averaged, on every face", pairs, averaged, missing);
    Map<Path, float[]> shipped = templates(samples, 0);
    whitenedRow("as shipped + flip test, whitened", pairs, shipped, samples);
    whitenedRow("all crops averaged, whitened", pairs, averaged, samples);
  }

  /** The flip-test template of variant {@code v} for turned faces, the shipped crop's for the rest. */
  private Map<Path, float[]> templates(Map<Path, Sample> samples, int v) {
    Map<Path, float[]> out = new HashMap<>();
    samples.forEach((p, s) -> out.put(p, Math.abs(s.yaw()) >= options.minYaw ? s.flipped()[v] : s.flipped()[0]));
    return out;
  }

  private Map<Path, Sample> embed(List<Path> images) throws Exception {
    List<Path> dirs = options.models;
    ModelPack pack = ModelPack.named(options.pack, dirs);
    ImageLoader loader = new ImageLoader(ImageLimits.defaults());
    Map<Path, Sample> out = new ConcurrentHashMap<>();
    AtomicInteger done = new AtomicInteger();
    Path embedderFile = ModelPack.locate(pack.embedder(), dirs);
    try (FacePipeline pipeline = FacePipeline.open(pack, dirs, VisionConfig.defaults());
        ArcFaceEmbedder embedder = new ArcFaceEmbedder(new OnnxModel(embedderFile, pack.embedder().sha256(),
            ArcFaceEmbedder.INPUT_SHAPE, 1, VisionConfig.defaults().device()), pack.embedderBgr(), false)) {
      ExecutorService pool = Executors.newFixedThreadPool(options.threads);
      try {
        List<Future<?>> work = new ArrayList<>();
        for (Path image : images) {
          work.add(pool.submit(() -> {
            DecodedImage decoded = loader.load(Files.readAllBytes(image), image.getFileName().toString());
            FaceChoice.CENTRAL.choose(pipeline.detect(decoded), decoded.width(), decoded.height())
                .ifPresent(face -> out.put(image, sample(image, decoded, face, embedder)));
            int n = done.incrementAndGet();
            if (n % 500 == 0) {
              System.err.printf(Locale.ROOT, "%d/%d images%n", n, images.size());
            }
            return null;
          }));
        }
        for (Future<?> f : work) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
    }
    return out;
  }

  private static Sample sample(Path image, DecodedImage decoded, Face face, ArcFaceEmbedder embedder) {
    BgrPixels source = BgrPixels.of(decoded.pixels());
    Landmarks lm = face.landmarks();
    float[][] flipped = new float[VARIANTS.size()][];
    float[] plain = null;
    for (int v = 0; v < VARIANTS.size(); v++) {
      BgrPixels crop = ArcFaceAligner.alignAntiAliased(source, varied(lm, VARIANTS.get(v), Math.signum(face.pose().yaw())));
      float[] straight = embedder.embed(crop);
      if (v == 0) {
        plain = straight.clone();
      }
      flipped[v] = FusedTemplate.of(List.of(straight, embedder.embed(mirrored(crop)))).values();
    }
    return new Sample(image.getParent().getFileName().toString(), face.pose().yaw(), plain, flipped);
  }

  /**
   * Landmarks whose alignment is the shipped one followed by the variant's zoom and shift in the
   * crop: for similarities, fitting {@code A(L)} onto the template gives {@code T∘A⁻¹} when fitting
   * {@code L} gives {@code T}, so {@code A = T⁻¹∘Z⁻¹∘T} turns {@code T} into {@code Z∘T}.
   */
  static Landmarks varied(Landmarks lm, Variant v, double yawSign) {
    if (v.zoom() == 1 && v.dx() == 0 && v.dy() == 0) {
      return lm;
    }
    SimilarityTransform t = ArcFaceAligner.transform(lm);
    double[] inv = t.inverseMatrix();
    double c = ArcFaceAligner.SIZE / 2.0;
    float[] five = lm.five();
    float[] out = new float[five.length];
    for (int i = 0; i < five.length; i += 2) {
      double[] q = t.apply(five[i], five[i + 1]);
      double u = (q[0] - c - v.dx() * (yawSign == 0 ? 1 : yawSign)) / v.zoom() + c;
      double w = (q[1] - c - v.dy()) / v.zoom() + c;
      out[i] = (float) (inv[0] * u + inv[1] * w + inv[2]);
      out[i + 1] = (float) (inv[3] * u + inv[4] * w + inv[5]);
    }
    return Landmarks.ofFive(out);
  }

  private static BgrPixels mirrored(BgrPixels crop) {
    byte[] d = crop.data().clone();
    int w = crop.width();
    for (int y = 0; y < crop.height(); y++) {
      for (int x = 0; x < w / 2; x++) {
        for (int ch = 0; ch < 3; ch++) {
          int a = (y * w + x) * 3 + ch;
          int b = (y * w + w - 1 - x) * 3 + ch;
          byte tmp = d[a];
          d[a] = d[b];
          d[b] = tmp;
        }
      }
    }
    return new BgrPixels(d, w, crop.height());
  }

  private static void row(String name, List<Pair> pairs, Map<Path, float[]> templates, int missing) {
    VerificationResult r = Verification.evaluate(pairs, scores(pairs, templates), p -> null, missing, p -> null);
    System.out.printf(Locale.ROOT, "| %s | %.2f %% ± %.2f | %.2f %% |%n", name, 100 * r.accuracyMean(),
        100 * r.accuracyStd(), 100 * r.tarAtFar1e3());
  }

  /** Per fold: whitening learned from the other folds' people, that fold's pairs scored with it. */
  private static void whitenedRow(String name, List<Pair> pairs, Map<Path, float[]> templates,
      Map<Path, Sample> samples) {
    int folds = pairs.stream().mapToInt(Pair::fold).max().orElse(0) + 1;
    double[] accuracy = new double[folds];
    double[] testScores = new double[pairs.size()];
    for (int f = 0; f < folds; f++) {
      Set<String> held = peopleOf(pairs, f);
      Map<String, List<float[]>> training = new HashMap<>();
      for (Map.Entry<Path, float[]> e : templates.entrySet()) {
        String person = samples.get(e.getKey()).person();
        if (!held.contains(person)) {
          training.computeIfAbsent(person, k -> new ArrayList<>()).add(e.getValue());
        }
      }
      double[][] w = whitening(training);
      Map<Path, float[]> whitened = new HashMap<>();
      templates.forEach((p, t) -> whitened.put(p, whitened(w, t)));
      double[] s = scores(pairs, whitened);
      accuracy[f] = Verification.foldAccuracy(pairs, s, f);
      for (int i = 0; i < pairs.size(); i++) {
        if (pairs.get(i).fold() == f) {
          testScores[i] = s[i];
        }
      }
    }
    double mean = Arrays.stream(accuracy).average().orElse(0);
    double std = Math.sqrt(Arrays.stream(accuracy).map(a -> (a - mean) * (a - mean)).sum() / folds);
    System.out.printf(Locale.ROOT, "| %s (learned per fold on the other folds' people) | %.2f %% ± %.2f | %.2f %% |%n",
        name, 100 * mean, 100 * std, 100 * Verification.tarAtFar(pairs, testScores, 1e-3));
  }

  private static Set<String> peopleOf(List<Pair> pairs, int fold) {
    Set<String> people = new HashSet<>();
    for (Pair p : pairs) {
      if (p.fold() == fold) {
        people.add(p.first().getParent().getFileName().toString());
        people.add(p.second().getParent().getFileName().toString());
      }
    }
    return people;
  }

  /** (S + ridge I)^(-1/2) for the within-person scatter S of the templates. */
  static double[][] whitening(Map<String, List<float[]>> byPerson) {
    int d = byPerson.values().iterator().next().get(0).length;
    DMatrixRMaj scatter = new DMatrixRMaj(d, d);
    int count = 0;
    for (List<float[]> ts : byPerson.values()) {
      double[] mean = new double[d];
      for (float[] t : ts) {
        for (int i = 0; i < d; i++) {
          mean[i] += t[i] / ts.size();
        }
      }
      for (float[] t : ts) {
        for (int i = 0; i < d; i++) {
          double ci = t[i] - mean[i];
          for (int j = 0; j < d; j++) {
            scatter.add(i, j, ci * (t[j] - mean[j]));
          }
        }
      }
      count += ts.size();
    }
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += scatter.get(i, i) / count;
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        scatter.set(i, j, scatter.get(i, j) / count + (i == j ? WHITENING_RIDGE * trace / d : 0));
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(d, true, true);
    if (!eigen.decompose(scatter)) {
      throw new IllegalStateException("eigendecomposition failed");
    }
    double[][] w = new double[d][d];
    for (int k = 0; k < d; k++) {
      double scale = 1 / Math.sqrt(eigen.getEigenvalue(k).getReal());
      DMatrixRMaj vec = eigen.getEigenVector(k);
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          w[i][j] += scale * vec.get(i) * vec.get(j);
        }
      }
    }
    return w;
  }

  /** W·t scaled to unit length. */
  private static float[] whitened(double[][] w, float[] t) {
    float[] out = new float[t.length];
    double norm = 0;
    for (int i = 0; i < t.length; i++) {
      double s = 0;
      for (int j = 0; j < t.length; j++) {
        s += w[i][j] * t[j];
      }
      out[i] = (float) s;
      norm += s * s;
    }
    float inverse = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < out.length; i++) {
      out[i] *= inverse;
    }
    return out;
  }

  private static double[] scores(List<Pair> pairs, Map<Path, float[]> templates) {
    double[] s = new double[pairs.size()];
    for (int i = 0; i < s.length; i++) {
      float[] a = templates.get(pairs.get(i).first());
      float[] b = templates.get(pairs.get(i).second());
      s[i] = a == null || b == null ? -1 : Embedding.dot(a, b);
    }
    return s;
  }

  private record Options(Path dataset, String pack, List<Path> models, double minYaw, int threads) {
    static final String USAGE = "usage: PoseStudy [--dataset DIR] [--pack NAME] [--models DIR]... [--min-yaw DEG]"
        + " [--threads T]";

    static Options parse(String[] args) {
      Path dataset = Path.of("../shared/data/cfp-dev");
      String pack = "yunet";
      List<Path> models = new ArrayList<>();
      double minYaw = 35;
      int threads = 2;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String value = args[++i];
        switch (a) {
          case "--dataset" -> dataset = Path.of(value);
          case "--pack" -> pack = value;
          case "--models" -> models.add(Path.of(value));
          case "--min-yaw" -> minYaw = Double.parseDouble(value);
          case "--threads" -> threads = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be at least 1");
      }
      if (models.isEmpty()) {
        models = List.of(Path.of("models"), Path.of("../shared/models/yunet"));
      }
      return new Options(dataset, pack, List.copyOf(models), minYaw, threads);
    }
  }
}
