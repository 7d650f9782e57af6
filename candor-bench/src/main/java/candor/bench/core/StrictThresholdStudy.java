package candor.bench.core;

import candor.bench.BadOptions;
import candor.core.eval.FaceChoice;
import candor.core.eval.TemplateExtractor;
import candor.core.gallery.StrictThreshold;
import candor.vision.FacePipeline;
import candor.vision.VisionConfig;
import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.pack.ModelPack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The false-match arithmetic of the strict threshold of access requests and the do-not-enrol
 * list, measured on LFW: every image is a requester's photo and every other image of the data
 * set the gallery, so each image's "access request" returns the faces at or above the threshold.
 * Prints how many impostor comparisons reach it (the measured false match rate, beside the
 * calibrated one it was chosen for), how many different pairs of people those come from, how
 * often a request returns at least one stranger's face, how often it finds the requester's own
 * faces, and the same on the 50-person gallery of the end-to-end test ({@code RightsLfwTest}).
 *
 * <p>Extracts every template first (central face, default pack): a few minutes on two cores.
 * The templates stay in memory; nothing is written.
 */
public final class StrictThresholdStudy {

  private static final String USAGE = "usage: StrictThresholdStudy --lfw DIR [--models DIR]"
      + " [--fmr 1e-5] [--threads N]";

  private StrictThresholdStudy() {}

  record Options(Path lfw, Path models, double fmr, int threads) {}

  static Options parse(String[] args) {
    Path lfw = null;
    Path models = Path.of("models");
    double fmr = StrictThreshold.DEFAULT_MAX_FMR;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--lfw" -> lfw = Path.of(value);
        case "--models" -> models = Path.of(value);
        case "--fmr" -> fmr = Double.parseDouble(value);
        case "--threads" -> threads = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
    }
    if (lfw == null || Files.isDirectory(lfw) == false) {
      throw new IllegalArgumentException("--lfw DIR (the LFW folder) is required");
    }
    return new Options(lfw, models, fmr, threads);
  }

  /**
   * Runs the study.
   *
   * @param args {@code --lfw DIR [--models DIR] [--fmr 1e-5] [--threads N]}
   * @throws Exception if the data set cannot be read
   */
  public static void main(String[] args) throws Exception {
    Options o = BadOptions.parseOrExit(args, StrictThresholdStudy::parse, USAGE);
    List<Path> images;
    try (Stream<Path> files = Files.walk(o.lfw(), 2)) {
      images = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    Map<String, List<float[]>> byPerson = new TreeMap<>();
    String modelId;
    List<Path> dirs = List.of(o.models());
    try (FacePipeline pipeline = FacePipeline.open(ModelPack.named("default", dirs), dirs,
        VisionConfig.defaults())) {
      modelId = pipeline.modelId();
      System.out.printf(Locale.ROOT, "extracting %,d templates with %s ...%n", images.size(),
          modelId);
      Map<Path, Optional<float[]>> templates = TemplateExtractor.templates(new TemplateExtractor(
          pipeline, new ImageLoader(ImageLimits.defaults()), FaceChoice.CENTRAL, o.threads())
          .extract(images, done -> { }));
      templates.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
          e.getValue().ifPresent(t -> byPerson.computeIfAbsent(
              e.getKey().getParent().getFileName().toString(), k -> new ArrayList<>()).add(t)));
    }
    StrictThreshold t = StrictThreshold.forModel(modelId, o.fmr());
    System.out.printf(Locale.ROOT, "threshold %.4f: calibrated false match rate %.1e (model %s)"
        + "%n", t.score(), t.maxFmr(), modelId);

    List<float[]> all = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    List<String> people = new ArrayList<>(byPerson.keySet());
    for (int p = 0; p < people.size(); p++) {
      for (float[] x : byPerson.get(people.get(p))) {
        all.add(x);
        owner.add(p);
      }
    }
    Tally whole = tally(all, owner, t, o.threads());
    whole.print("LFW as one gallery: every image a request against all " + all.size()
        + " others (" + people.size() + " people)");

    // The end-to-end test's gallery: 50 people with 3+ images, spread over the alphabet; their
    // first two images enrolled, the third the request's photo.
    List<String> eligible = people.stream().filter(p -> byPerson.get(p).size() >= 3).toList();
    List<float[]> gallery = new ArrayList<>();
    List<Integer> galleryOwner = new ArrayList<>();
    List<float[]> probes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      List<float[]> mine = byPerson.get(eligible.get(i * eligible.size() / 50));
      gallery.add(mine.get(0));
      gallery.add(mine.get(1));
      galleryOwner.add(i);
      galleryOwner.add(i);
      probes.add(mine.get(2));
    }
    int found = 0;
    int withStranger = 0;
    int strangers = 0;
    for (int i = 0; i < probes.size(); i++) {
      boolean own = false;
      boolean stranger = false;
      for (int g = 0; g < gallery.size(); g++) {
        if (t.reached(dot(probes.get(i), gallery.get(g)))) {
          if (galleryOwner.get(g) == i) {
            own = true;
          } else {
            stranger = true;
            strangers++;
          }
        }
      }
      found += own ? 1 : 0;
      withStranger += stranger ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "%n50 people (%d eligible with 3+ images), 2 images enrolled"
        + " each, the third as the request:%n  requests finding their own faces %d / 50;"
        + " requests returning a stranger %d / 50 (%d stranger faces; expected %.3f at the"
        + " calibrated rate)%n", eligible.size(), found, withStranger, strangers,
        50 * 100 * t.maxFmr());
    System.out.printf(Locale.ROOT, "%nstrangers' faces one request returns, expected at the"
        + " measured rate %.2e: 1,000 faces %.3f; 100,000 faces %.1f; 1,000,000 faces %.0f%n",
        whole.rate(), 1e3 * whole.rate(), 1e5 * whole.rate(), 1e6 * whole.rate());
  }

  /** What all-pairs comparison at the threshold found. */
  record Tally(long impostorPairs, long impostorHits, int identityPairs, long genuinePairs,
      long genuineHits, int requests, int requestsWithStranger, long strangerFaces,
      int requestsWithOwnFaces, int requestsFindingOwn) {

    double rate() {
      return impostorHits / (double) impostorPairs;
    }

    void print(String title) {
      System.out.printf(Locale.ROOT, "%n%s%n", title);
      System.out.printf(Locale.ROOT, "  impostor comparisons at or above it: %,d of %,d ="
          + " %.2e (from %d different pairs of people; 95%% interval by Poisson %.2e to %.2e)%n",
          impostorHits, impostorPairs, rate(), identityPairs,
          Math.max(0, impostorHits - 1.96 * Math.sqrt(impostorHits)) / impostorPairs,
          (impostorHits + 1.96 * Math.sqrt(impostorHits)) / impostorPairs);
      System.out.printf(Locale.ROOT, "  same-person comparisons at or above it: %,d of %,d ="
          + " %.2f %%%n", genuineHits, genuinePairs, 100.0 * genuineHits / genuinePairs);
      System.out.printf(Locale.ROOT, "  requests returning at least one stranger's face: %,d of"
          + " %,d = %.3f %% (%,d stranger faces in all, %.4f per request)%n",
          requestsWithStranger, requests, 100.0 * requestsWithStranger / requests, strangerFaces,
          strangerFaces / (double) requests);
      System.out.printf(Locale.ROOT, "  requests by people with other images finding at least"
          + " one of them: %,d of %,d = %.2f %%%n", requestsFindingOwn, requestsWithOwnFaces,
          100.0 * requestsFindingOwn / requestsWithOwnFaces);
    }
  }

  /** Compares every pair once, in parallel by rows. */
  static Tally tally(List<float[]> all, List<Integer> owner, StrictThreshold t, int threads)
      throws Exception {
    int n = all.size();
    float[][] v = all.toArray(new float[0][]);
    int[] who = owner.stream().mapToInt(Integer::intValue).toArray();
    int[] strangers = new int[n];
    boolean[] ownFound = new boolean[n];
    Map<Integer, Integer> perPerson = new TreeMap<>();
    for (int p : who) {
      perPerson.merge(p, 1, Integer::sum);
    }
    int[] sameCount = new int[n];
    for (int i = 0; i < n; i++) {
      sameCount[i] = perPerson.get(who[i]) - 1;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long[] impostorPairs = new long[threads];
    long[] impostorHits = new long[threads];
    long[] genuinePairs = new long[threads];
    long[] genuineHits = new long[threads];
    List<Set<Long>> pairSets = new ArrayList<>();
    List<Future<?>> jobs = new ArrayList<>();
    for (int w = 0; w < threads; w++) {
      int worker = w;
      Set<Long> pairs = new HashSet<>();
      pairSets.add(pairs);
      int[] mineStrangers = new int[n];
      boolean[] mineOwn = new boolean[n];
      jobs.add(pool.submit(() -> {
        for (int i = worker; i < n; i += threads) {
          for (int j = i + 1; j < n; j++) {
            boolean hit = t.reached(dot(v[i], v[j]));
            if (who[i] == who[j]) {
              genuinePairs[worker]++;
              if (hit) {
                genuineHits[worker]++;
                mineOwn[i] = true;
                mineOwn[j] = true;
              }
            } else {
              impostorPairs[worker]++;
              if (hit) {
                impostorHits[worker]++;
                mineStrangers[i]++;
                mineStrangers[j]++;
                pairs.add(Math.min(who[i], who[j]) * 100_000L + Math.max(who[i], who[j]));
              }
            }
          }
        }
        synchronized (strangers) {
          for (int i = 0; i < n; i++) {
            strangers[i] += mineStrangers[i];
            ownFound[i] |= mineOwn[i];
          }
        }
      }));
    }
    for (Future<?> job : jobs) {
      job.get();
    }
    pool.shutdown();
    Set<Long> identityPairs = new HashSet<>();
    pairSets.forEach(identityPairs::addAll);
    int withStranger = 0;
    long strangerFaces = 0;
    int withOwn = 0;
    int findingOwn = 0;
    for (int i = 0; i < n; i++) {
      withStranger += strangers[i] > 0 ? 1 : 0;
      strangerFaces += strangers[i];
      if (sameCount[i] > 0) {
        withOwn++;
        findingOwn += ownFound[i] ? 1 : 0;
      }
    }
    return new Tally(sum(impostorPairs), sum(impostorHits), identityPairs.size(),
        sum(genuinePairs), sum(genuineHits), n, withStranger, strangerFaces, withOwn,
        findingOwn);
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long x : values) {
      s += x;
    }
    return s;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
