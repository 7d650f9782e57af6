package candor.app.http;

import candor.core.gallery.Gallery;
import candor.core.gallery.GalleryConfig;
import candor.core.model.BoundingBox;
import candor.core.model.CollectionInfo;
import candor.core.model.FaceDraft;
import candor.core.model.LawfulBasis;
import candor.core.model.Media;
import candor.core.model.Quality;
import candor.core.store.IngestBatch;
import candor.vision.FacePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load run, not a test: fills a gallery with {@code --faces} faces (synthetic unit-length
 * templates plus one real enrolled person), starts the real server, then has {@code --clients}
 * concurrent clients post 1:N searches with a real probe photo for {@code --seconds} seconds,
 * and prints throughput, latency percentiles and errors.
 *
 * <pre>
 * java -cp ... candor.app.http.LoadRun [faces=10000] [clients=32] [seconds=60]
 * </pre>
 */
public final class LoadRun {

  private LoadRun() {}

  public static void main(String[] args) throws Exception {
    int faces = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    Path dir = Files.createTempDirectory("candor-load");
    Logging.defaults();
    FacePipeline pipeline = TestServer.pipeline();

    long t0 = System.nanoTime();
    try (Gallery gallery = Gallery.open(GalleryConfig.defaults(dir))) {
      gallery.store().gallery().createCollection(new CollectionInfo("load", "load test",
          LawfulBasis.authority("test"), Period.ofYears(1), false, Instant.now()));
      Random random = new Random(42);
      int perImage = 100;
      for (int done = 0; done < faces; done += perImage) {
        byte[] sha = new byte[32];
        random.nextBytes(sha);
        Media media = new Media(HexFormat.of().formatHex(sha), "load", "synthetic", "load-run",
            Instant.now(), 1000, 1000, 1000, LocalDate.now().plusYears(1));
        List<FaceDraft> drafts = new ArrayList<>();
        for (int i = 0; i < Math.min(perImage, faces - done); i++) {
          drafts.add(new FaceDraft(null, new BoundingBox(10, 10, 100, 100), new float[10],
              new Quality(0.9, List.of()), pipeline.modelId(), unit(random, pipeline.dimension()),
              null, null));
        }
        gallery.store().gallery().ingest(IngestBatch.of(media, drafts));
      }
    }
    System.out.printf(Locale.ROOT, "stored %d synthetic faces in %.1f s%n", faces,
        (System.nanoTime() - t0) / 1e9);

    t0 = System.nanoTime();
    try (TestServer server = TestServer.start(dir)) {
      System.out.printf(Locale.ROOT, "server up (index replayed) in %.1f s on %s%n",
          (System.nanoTime() - t0) / 1e9, server.base());
      String admin = server.adminToken();
      String enroller = server.postJson("/v1/keys", admin, Map.of("role", "enroller",
          "collections", List.of("*"))).json().get("token").asText();
      String investigator = server.postJson("/v1/keys", admin, Map.of("role", "investigator",
          "collections", List.of("*"), "name", "load")).json().get("token").asText();
      String subject = server.postJson("/v1/collections/load/subjects", enroller,
          Map.of("externalRef", "anna", "displayName", "Anna", "basis",
              Map.of("kind", "consent", "reference", "f"))).json().get("id").asText();
      server.postMultipart("/v1/subjects/" + subject + "/photos", enroller, Map.of(),
          List.of(Map.entry("photo", Photos.crop(Photos.PERSON_A, 1)),
              Map.entry("photo", Photos.crop(Photos.PERSON_A, 0.8, true, 1.0, 1.0, 2))));
      byte[] probe = Photos.crop(Photos.PERSON_A, 1.0, false, 0.85, 1.15, 3);
      TestServer.Response check = search(server, investigator, probe);
      System.out.println("warm-up search: " + check.status() + ", first candidate "
          + check.json().get("candidates").get(0).get("subject").get("displayName")
          + ", " + check.json().get("candidates").size() + " candidates; probe "
          + probe.length + " bytes");

      ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
      AtomicLong errors = new AtomicLong();
      ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      List<Thread> threads = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        Thread t = Thread.ofPlatform().name("client-" + c).start(() -> {
          List<Long> mine = new ArrayList<>();
          while (System.nanoTime() < end) {
            long s = System.nanoTime();
            try {
              TestServer.Response r = search(server, investigator, probe);
              if (r.status() != 200) {
                errors.incrementAndGet();
                if (errorSamples.size() < 5) {
                  errorSamples.add(r.toString());
                }
              }
            } catch (RuntimeException e) {
              errors.incrementAndGet();
              if (errorSamples.size() < 5) {
                errorSamples.add(e.toString());
              }
            }
            mine.add(System.nanoTime() - s);
          }
          latencies.add(mine.stream().mapToLong(Long::longValue).toArray());
        });
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      System.out.printf(Locale.ROOT, "%d clients, %.1f s: %d searches, %.1f searches/s,"
              + " p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms, errors %d%n",
          clients, elapsed, all.length, all.length / elapsed, pct(all, 50), pct(all, 90),
          pct(all, 99), all[all.length - 1] / 1e6, errors.get());
      errorSamples.forEach(e -> System.out.println("  error: " + e));
      String metrics = server.get("/metrics", admin).body();
      metrics.lines().filter(l -> l.startsWith("candor_search_seconds_count")
              || l.startsWith("candor_search_seconds_sum") || l.startsWith("candor_index_faces"))
          .forEach(l -> System.out.println("  " + l));
      TestServer.Response verify = server.get("/v1/audit/verify", admin);
      System.out.println("audit after the run: " + verify.body());
    }
    System.exit(0);
  }

  static TestServer.Response search(TestServer server, String token, byte[] probe) {
    return server.postMultipart("/v1/search", token, Map.of("purpose", "missing-person",
        "case", "LOAD-1", "collections", "load", "k", "10"), List.of(Map.entry("photo", probe)));
  }

  static float[] unit(Random random, int dimension) {
    float[] v = new float[dimension];
    double norm = 0;
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimension; i++) {
      v[i] *= inv;
    }
    return v;
  }

  static double pct(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }
}
