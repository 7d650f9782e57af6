package candor.bench.index;

import candor.bench.BadOptions;
import candor.index.IndexConfig;
import candor.index.IndexedVector;
import candor.index.Quantization;
import candor.index.SearchHit;
import candor.index.SearchRequest;
import candor.index.VectorIndex;
import candor.index.exact.ExactIndex;
import candor.index.lucene.LuceneVectorIndex;
import candor.index.solr.SolrIndexConfig;
import candor.index.solr.SolrVectorIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

/**
 * Measures {@link LuceneVectorIndex} against {@link ExactIndex} on synthetic face templates:
 * indexing rate, search latency with a collection filter, recall@k against the exact scan, heap
 * and disk bytes per face. A main, not a test; never run by {@code verify}.
 *
 * <p>The templates are shaped like real ones by default ({@code --basis lfw}, {@link
 * LfwShapedFaces}: blends of the real templates of {@code --lfw}, extracted once with the models
 * in {@code --models} and cached in {@code DIR/lfw-templates.bin}); {@code --basis isotropic}
 * ({@link SyntheticFaces}) spreads identities evenly over the sphere, which real face templates
 * never do and which graph indexes find hardest. {@code --force-merge N} merges the Lucene index
 * to N segments after building it, as a maintenance step after a bulk load would.
 *
 * <p>Usage: {@code VectorIndexBenchmark --dir DIR [--count 100000] [--queries 1000] [--k 10]
 * [--collections 4] [--templates 4] [--seed 42] [--threads N] [--oversample 10[,40,...]]
 * [--min-candidates 100[,200,...]] [--batch 10000] [--warmup 300] [--m 16] [--beam 100]
 * [--basis lfw|isotropic] [--lfw ../shared/data/lfw] [--models models] [--force-merge N]
 * [--graph-vectors reduced[,full]] [--solr-cluster candor-solr-cluster/target [--solr-nodes 2]
 * [--solr-heap 3g] | --solr-zk HOST:PORT/CHROOT [--solr-pid PID]] [--solr-shards 2] [--solr-replicas 1]
 * [--solr-quantization int8|float32] [--commit-every 100000]}. {@code --graph-vectors
 * reduced,full} builds and measures
 * both: graphs over dimension-reduced copies (the default) and over full-size ones, alternating.
 * Run with {@code --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED} and a
 * heap that holds the exact index (about 2.2 KB per face). The indexes are built in {@code
 * DIR/lucene-reduced} (full graph vectors: {@code DIR/lucene}) and {@code DIR/exact}; an index
 * there whose committed sequence equals {@code --count} is reused rather than rebuilt, which
 * allows sweeping search settings on a large index. Each {@code --min-candidates} value is
 * measured in turn, and for each, every {@code --oversample} value (which sets how many
 * candidates are rescored: {@code k × oversample}) and then every {@code --graph-vectors}; a
 * value repeated, as in {@code --min-candidates 400,400,400 --oversample 10,40}, alternates the
 * settings so that drift in the machine's speed shows as spread rather than as a difference.
 * Prints a table and one JSON line.
 *
 * <p><b>SolrCloud beside the embedded index.</b> {@code --solr-cluster} forks a SolrCloud cluster
 * of {@code --solr-nodes} nodes on this machine ({@link SolrClusterProcess}; the build of module
 * candor-solr-cluster), builds a {@link SolrVectorIndex} in it from the same templates and
 * measures it with every candidate setting, beside the embedded index, in the same run; {@code
 * --solr-zk} uses a running cluster instead (then the cluster's CPU and heap are not weighed). A
 * Solr index is committed every {@code --commit-every} faces, as {@code candor index rebuild}
 * commits, and {@code --force-merge N} merges each shard to {@code ceil(N / shards)} segments, so
 * that both indexes walk about N graphs per collection searched. CPU per search counts the
 * cluster's JVM as well as this one; memory per face is this JVM's heap for the embedded index
 * and the cluster JVM's heap after a collection for Solr.
 */
public final class VectorIndexBenchmark {

  private static final int DIMENSION = 512;
  private static final String MODEL = "bench-model-v1";
  /** Target similarity structure, the means measured on real face embedders' score tables. */
  private static final double SAME_IDENTITY_COSINE = 0.62;
  private static final double DIFFERENT_IDENTITY_COSINE = 0.01;
  private static final int COSINE_SAMPLES = 4000;

  private final Options options;
  private final TemplateGenerator faces;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean process =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  // The forked SolrCloud cluster, if --solr-cluster asked for one; its heap when it had started.
  private SolrClusterProcess cluster;
  private long clusterHeapBase;

  private VectorIndexBenchmark(Options options) {
    this.options = options;
    this.faces = switch (options.basis) {
      case "isotropic" -> new SyntheticFaces(DIMENSION, options.seed, options.collections,
          SAME_IDENTITY_COSINE, DIFFERENT_IDENTITY_COSINE);
      case "lfw" -> new LfwShapedFaces(LfwTemplates.load(options.lfw, options.models,
          options.dir.resolve("lfw-templates.bin"), options.threads), options.seed,
          options.collections);
      default -> throw new IllegalArgumentException("--basis is isotropic or lfw");
    };
  }

  /**
   * Runs the benchmark with command-line options (see the class javadoc).
   *
   * @param args the options
   * @throws Exception if an index fails or the JVM is interrupted
   */
  public static void main(String[] args) throws Exception {
    Options options = BadOptions.parseOrExit(args, Options::parse, Options.USAGE);
    new VectorIndexBenchmark(options).run();
  }

  private void run() throws InterruptedException, IOException {
    try {
      runMeasurements();
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  private void runMeasurements() throws InterruptedException, IOException {
    Options o = options;
    System.out.printf(Locale.ROOT, "Candor vector index benchmark: %,d faces x %d-d, %d templates"
        + " per identity, %d collections, %d queries, k=%d, seed %d, %d indexing threads, %s graph%n",
        o.count, DIMENSION, o.templates, o.collections, o.queries, o.k, o.seed, o.threads,
        o.quantization);
    System.out.printf(Locale.ROOT, "system load average at start: %.2f on %d cores%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    double[] cosines = measureCosines();
    System.out.printf(Locale.ROOT, "synthetic templates: %s%n", faces.describe());
    System.out.printf(Locale.ROOT, "synthetic templates: mean cosine same identity %.3f,"
        + " different identities %.3f, effective dimensions %.1f of %d%n",
        cosines[0], cosines[1], cosines[2], DIMENSION);
    markBasis();

    IndexConfig config = IndexConfig.defaults()
        .withIndexingThreads(o.threads)
        .withGraph(o.maxConnections, o.beamWidth)
        .withCandidates(o.oversample[0], o.minCandidates[0])
        .withQuantization(o.quantization);
    Path exactDir = o.dir.resolve("exact");
    Build exactBuild = build("ExactIndex", ExactIndex::open, exactDir, config);
    // One index per graph-vectors choice; each is measured at every candidate setting.
    Map<Boolean, Path> luceneDirs = new LinkedHashMap<>();
    Map<Boolean, Build> luceneBuilds = new LinkedHashMap<>();
    for (boolean reduced : o.graphVectors) {
      Path dir = luceneDir(reduced);
      luceneDirs.put(reduced, dir);
      luceneBuilds.put(reduced, build(luceneName(reduced), LuceneVectorIndex::open, dir,
          config.withReducedDimensions(reduced)));
      System.out.printf(Locale.ROOT, "%s: files by extension: %s%n", luceneName(reduced),
          bytesByExtension(dir));
    }
    if (o.solrCluster != null) {
      System.out.printf(Locale.ROOT, "starting a %d-node SolrCloud cluster (%s heap) from %s%n",
          o.solrNodes, o.solrHeap, o.solrCluster);
      cluster = SolrClusterProcess.start(o.solrCluster, o.dir.resolve("solr-cluster"),
          o.solrNodes, o.solrHeap);
      o.solrZk = cluster.zk();
      clusterHeapBase = cluster.heapUsedAfterGc();
    } else if (o.solrPid > 0) {
      cluster = SolrClusterProcess.attach(o.solrPid);
    }
    SolrIndexConfig solr = o.solrConfig();
    Build solrBuild = solr == null ? null : build("SolrVectorIndex",
        (dir, c) -> SolrVectorIndex.open(solr, c), solr.location(), o.solrIndexConfig(config));
    double solrHeapPerFace = Double.NaN;
    if (cluster != null && o.solrCluster != null) {
      solrHeapPerFace = (double) (cluster.heapUsedAfterGc() - clusterHeapBase) / o.count;
      System.out.printf(Locale.ROOT, "SolrVectorIndex: files of every replica by extension: %s%n",
          cluster.bytesByExtension(solr.collection()));
    }

    List<SearchRequest> warmup = queries(o.queries, o.warmup);
    List<SearchRequest> measured = queries(0, o.queries);
    long[] identities = new long[o.queries];
    for (int q = 0; q < o.queries; q++) {
      identities[q] = queryIdentity(q);
    }

    long heapBase = usedHeapAfterGc();
    try (ExactIndex exact = ExactIndex.open(exactDir, config)) {
      runAll(exact, warmup);
      long heapExact = usedHeapAfterGc();
      Measurement exactResult = measure("exact", exact, measured, null, identities, false);
      Side exactSide = new Side("ExactIndex", exactBuild, exactResult,
          (double) (heapExact - heapBase) / o.count,
          (double) exact.stats().bytesOnDisk() / o.count, 1, 0, 0);

      List<Side> luceneSides = new ArrayList<>();
      int graphChoices = o.graphVectors.length;
      for (int i = 0; i < o.minCandidates.length * o.oversample.length * graphChoices; i++) {
        // Graph-vector choices alternate fastest, then oversampling, then candidate counts.
        boolean reduced = o.graphVectors[i % graphChoices];
        int setting = i / graphChoices;
        IndexConfig searchConfig = config.withReducedDimensions(reduced)
            .withCandidates(o.oversample[setting % o.oversample.length],
                o.minCandidates[setting / o.oversample.length]);
        String label = (reduced ? "" : "full/") + searchConfig.candidates(o.k) + "r"
            + searchConfig.rescored(o.k);
        long heapBefore = usedHeapAfterGc();
        try (LuceneVectorIndex lucene =
            LuceneVectorIndex.open(luceneDirs.get(reduced), searchConfig)) {
          runAll(lucene, warmup);
          // The heap is weighed after the timed searches: the forced collections that weighing
          // takes would otherwise still be settling while the first searches are timed. The
          // 10,000 hits kept for recall add about half a byte per face at 1M.
          Measurement result = measure("lucene/" + label, lucene, measured,
              exactResult.hits, identities, false);
          long heapAfter = usedHeapAfterGc();
          luceneSides.add(new Side(luceneName(reduced), luceneBuilds.get(reduced), result,
              (double) (heapAfter - heapBefore) / o.count,
              (double) lucene.stats().bytesOnDisk() / o.count, lucene.segmentCount(),
              searchConfig.candidates(o.k), searchConfig.rescored(o.k)));
        }
        if (solr != null && i % graphChoices == 0) {
          try (SolrVectorIndex solrIndex =
              SolrVectorIndex.open(solr, o.solrIndexConfig(searchConfig))) {
            runAll(solrIndex, warmup);
            Measurement result = measure("solr/" + searchConfig.candidates(o.k), solrIndex,
                measured, exactResult.hits, identities, true);
            // The templates live in the cluster's JVM: its heap is weighed, not this one's.
            luceneSides.add(new Side("SolrVectorIndex", solrBuild, result, solrHeapPerFace,
                (double) solrIndex.stats().bytesOnDisk() / o.count,
                (int) solrIndex.segmentCount(), searchConfig.candidates(o.k),
                searchConfig.rescored(o.k)));
          }
        }
      }
      report(cosines, exactSide, luceneSides);
      System.out.printf(Locale.ROOT, "system load average at end: %.2f%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /**
   * Returns the folder of the Lucene index with reduced or full graph vectors. The int8 index
   * with full graph vectors keeps the folder name it had before either became a choice.
   */
  private Path luceneDir(boolean reduced) {
    String quantization = options.quantization == Quantization.INT8
        ? "" : "-" + options.quantization.name().toLowerCase(Locale.ROOT);
    return options.dir.resolve((reduced ? "lucene-reduced" : "lucene") + quantization);
  }

  private static String luceneName(boolean reduced) {
    return reduced ? "LuceneVectorIndex" : "LuceneVectorIndex-full";
  }

  /** Builds an index unless the folder already holds one with every face committed. */
  private Build build(String name, BiFunction<Path, IndexConfig, VectorIndex> opener, Path dir,
      IndexConfig config) {
    try (VectorIndex index = opener.apply(dir, config)) {
      if (index.committedSequence() == options.count) {
        System.out.printf(Locale.ROOT, "%s: reusing the index in %s%n", name, dir);
        forceMerge(name, index);
        return new Build(Double.NaN, Double.NaN, Double.NaN);
      }
      if (index.committedSequence() != -1) {
        throw new IllegalStateException(dir + " holds an index of another size; remove it");
      }
      long indexingNanos = 0;
      long wallStart = System.nanoTime();
      List<IndexedVector> batch = new ArrayList<>(options.batch);
      float[] centre = null;
      long centreOf = -1;
      for (long face = 0; face < options.count; face++) {
        long identity = face / options.templates;
        if (identity != centreOf) {
          centre = faces.centre(identity);
          centreOf = identity;
        }
        float[] template = faces.template(centre, identity, face % options.templates);
        batch.add(new IndexedVector(face, template, faces.collection(identity), MODEL));
        if (batch.size() == options.batch || face == options.count - 1) {
          long start = System.nanoTime();
          index.add(batch);
          if (index.shared() && (face + 1) / options.commitEvery > face / options.commitEvery) {
            // A cluster index holds changes in this process until a commit ships them; commit
            // as often as an index rebuild does.
            index.commit(face + 1);
          }
          indexingNanos += System.nanoTime() - start;
          batch.clear();
        }
      }
      long start = System.nanoTime();
      index.commit(options.count);
      indexingNanos += System.nanoTime() - start;
      double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
      double settleSeconds = 0;
      if (index instanceof LuceneVectorIndex lucene) {
        // Let background merges finish and commit them, so the searches below meet the
        // segments a long-running server would have, not a transient pile of small ones.
        long settleStart = System.nanoTime();
        lucene.awaitMerges();
        lucene.commit(options.count);
        settleSeconds = (System.nanoTime() - settleStart) / 1e9;
      }

      forceMerge(name, index);
      double rate = options.count / (indexingNanos / 1e9);
      System.out.printf(Locale.ROOT, "%s: indexed %,d faces, add+commit %.1f s (%.0f vectors/s),"
          + " wall %.1f s, merge settle %.1f s%n", name, options.count, indexingNanos / 1e9, rate,
          wallSeconds, settleSeconds);
      return new Build(rate, wallSeconds, settleSeconds);
    }
  }

  /**
   * With {@code --force-merge N}, merges a Lucene index that has more segments down to N, as a
   * maintenance step after a bulk load would; so a reused index can be measured first as its
   * background merges left it, then merged.
   */
  private void forceMerge(String name, VectorIndex index) {
    if (index instanceof SolrVectorIndex solrIndex && options.forceMerge > 0) {
      int perShard = (options.forceMerge + options.solrShards - 1) / options.solrShards;
      long before = solrIndex.segmentCount();
      if (before > (long) perShard * options.solrShards) {
        long mergeStart = System.nanoTime();
        long after = solrIndex.forceMerge(perShard);
        System.out.printf(Locale.ROOT, "%s: force-merged %d segments to %d (%d per shard) in %.1f s%n",
            name, before, after, perShard, (System.nanoTime() - mergeStart) / 1e9);
      }
    }
    if (index instanceof LuceneVectorIndex lucene && options.forceMerge > 0
        && lucene.segmentCount() > options.forceMerge) {
      int before = lucene.segmentCount();
      long mergeStart = System.nanoTime();
      lucene.forceMerge(options.forceMerge);
      System.out.printf(Locale.ROOT, "%s: force-merged %d segments to %d in %.1f s%n", name,
          before, lucene.segmentCount(), (System.nanoTime() - mergeStart) / 1e9);
    }
  }

  /** Fresh captures of enrolled identities, each searched in its identity's collection. */
  private List<SearchRequest> queries(int first, int count) {
    List<SearchRequest> requests = new ArrayList<>(count);
    for (int q = first; q < first + count; q++) {
      long identity = queryIdentity(q);
      float[] probe = faces.template(faces.centre(identity), identity, options.templates + q);
      requests.add(new SearchRequest(probe, options.k, Set.of(faces.collection(identity)), MODEL));
    }
    return requests;
  }

  /** The enrolled identity that query number {@code q} is a fresh capture of. */
  private long queryIdentity(int q) {
    long identities = (options.count + options.templates - 1) / options.templates;
    return new SplittableRandom(options.seed * 31 + q).nextLong(identities);
  }

  private static void runAll(VectorIndex index, List<SearchRequest> requests) {
    for (SearchRequest request : requests) {
      index.search(request);
    }
  }

  /**
   * Times each search (wall clock and the searching thread's CPU time, which other processes on
   * a busy machine inflate less; it leaves out the segments the index searches on its other
   * threads, so with several segments it is a lower bound); with {@code truth}, also the recall
   * of each against it. Mate recall is the share of the query identity's enrolled templates that come back in the top k:
   * the part of the result a face search exists for. Face ids were assigned so that
   * {@code id / templates} is the identity.
   */
  private Measurement measure(String label, VectorIndex index, List<SearchRequest> requests,
      List<List<SearchHit>> truth, long[] identities, boolean inCluster) {
    long[] nanos = new long[requests.size()];
    long[] cpuNanos = new long[requests.size()];
    List<List<SearchHit>> hits = new ArrayList<>(requests.size());
    // The process CPU clock ticks too coarsely to time one search; over the run it gives the
    // mean CPU a search costs on all threads, the other segments' graph walks included.
    long processStart = process.getProcessCpuTime();
    long clusterStart = inCluster && cluster != null ? cluster.cpu().toNanos() : 0;
    for (int i = 0; i < requests.size(); i++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      hits.add(index.search(requests.get(i)));
      nanos[i] = System.nanoTime() - start;
      cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpuStart;
    }
    double processCpuMeanMillis =
        (process.getProcessCpuTime() - processStart) / 1e6 / requests.size();
    double clusterCpuMeanMillis = inCluster && cluster != null
        ? (cluster.cpu().toNanos() - clusterStart) / 1e6 / requests.size() : Double.NaN;
    writeLatencies(label, nanos, cpuNanos);
    long found = 0;
    long wanted = 0;
    long matesFound = 0;
    long mates = Math.min(options.templates, options.k) * (long) requests.size();
    for (int i = 0; i < requests.size(); i++) {
      Set<Long> got = new HashSet<>();
      for (SearchHit hit : hits.get(i)) {
        got.add(hit.id());
        if (hit.id() / options.templates == identities[i]) {
          matesFound++;
        }
      }
      if (truth != null) {
        for (SearchHit expected : truth.get(i)) {
          wanted++;
          if (got.contains(expected.id())) {
            found++;
          }
        }
      }
    }
    double recall = truth == null || wanted == 0 ? 1 : (double) found / wanted;
    Arrays.sort(nanos);
    Arrays.sort(cpuNanos);
    return new Measurement(percentileMillis(nanos, 0.50), percentileMillis(nanos, 0.99),
        percentileMillis(cpuNanos, 0.50), percentileMillis(cpuNanos, 0.99),
        processCpuMeanMillis, clusterCpuMeanMillis, recall,
        (double) matesFound / mates, hits);
  }

  private double[] measureCosines() {
    SplittableRandom random = new SplittableRandom(options.seed ^ 0x5EEDL);
    long identities = Math.max(2, options.count / options.templates);
    double same = 0;
    double different = 0;
    for (int i = 0; i < COSINE_SAMPLES; i++) {
      long a = random.nextLong(identities);
      long b = (a + 1 + random.nextLong(identities - 1)) % identities;
      float[] centreA = faces.centre(a);
      float[] first = faces.template(centreA, a, 0);
      same += TemplateGenerator.dot(first, faces.template(centreA, a, 1));
      different += TemplateGenerator.dot(first, faces.template(faces.centre(b), b, 0));
    }
    List<float[]> sample = new ArrayList<>();
    for (int i = 0; i < COSINE_SAMPLES; i++) {
      long a = random.nextLong(identities);
      sample.add(faces.template(faces.centre(a), a, 0));
    }
    return new double[] {same / COSINE_SAMPLES, different / COSINE_SAMPLES,
        Spectrum.effectiveDimensions(sample)};
  }

  /**
   * Records which templates the folder's indexes hold, and refuses to reuse indexes built from
   * another basis or seed: their recall against these queries would mean nothing.
   */
  private void markBasis() {
    String basis = options.basis + " seed " + options.seed + " collections " + options.collections
        + " templates " + options.templates + System.lineSeparator();
    Path marker = options.dir.resolve("basis.txt");
    try {
      java.nio.file.Files.createDirectories(options.dir);
      if (java.nio.file.Files.exists(marker)) {
        String existing = java.nio.file.Files.readString(marker);
        if (!existing.equals(basis)) {
          throw new IllegalStateException(options.dir + " holds indexes of " + existing.strip()
              + ", not " + basis.strip() + "; use another --dir");
        }
      } else {
        java.nio.file.Files.writeString(marker, basis);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The bytes of a folder's files summed by extension, to tell graphs from vectors. */
  private static Map<String, Long> bytesByExtension(Path dir) throws IOException {
    Map<String, Long> bytes = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        bytes.merge(dot < 0 ? name : name.substring(dot + 1), Files.size(file), Long::sum);
      }
    }
    return bytes;
  }

  private long usedHeapAfterGc() throws InterruptedException {
    // Several rounds: one System.gc() may leave garbage that finalisation or reference
    // processing only releases later.
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /**
   * Appends each search's timings, in query order, to the {@code --latencies} file, so that slow
   * searches can be matched across runs: a query slow in every run is a hard query, one slow in
   * a single run was held up by something else.
   */
  private void writeLatencies(String label, long[] nanos, long[] cpuNanos) {
    if (options.latencies == null) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (int q = 0; q < nanos.length; q++) {
      lines.append(label).append(',').append(q).append(',').append(nanos[q]).append(',')
          .append(cpuNanos[q]).append('\n');
    }
    try {
      Files.writeString(options.latencies, lines, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + options.latencies, e);
    }
  }

  private static double percentileMillis(long[] sortedNanos, double fraction) {
    int index = (int) Math.ceil(fraction * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, index)] / 1e6;
  }

  private void report(double[] cosines, Side exact, List<Side> lucene) {
    System.out.println();
    System.out.printf(Locale.ROOT, "%-28s", "");
    for (Side side : lucene) {
      System.out.printf(Locale.ROOT, "%26s", side.name + "/" + side.candidates
          + (side.rescored > 0 ? "r" + side.rescored : ""));
    }
    System.out.printf(Locale.ROOT, "%14s%n", exact.name);
    row("indexing (vectors/s)", "%.0f", lucene, exact, s -> s.build.rate);
    row("search p50 (ms)", "%.3f", lucene, exact, s -> s.result.p50Millis);
    row("search p99 (ms)", "%.3f", lucene, exact, s -> s.result.p99Millis);
    row("caller CPU p50 (ms)", "%.3f", lucene, exact, s -> s.result.cpuP50Millis);
    row("caller CPU p99 (ms)", "%.3f", lucene, exact, s -> s.result.cpuP99Millis);
    row("process CPU mean (ms)", "%.3f", lucene, exact, s -> s.result.processCpuMeanMillis);
    row("cluster CPU mean (ms)", "%.3f", lucene, exact, s -> s.result.clusterCpuMeanMillis);
    row("CPU per search, all (ms)", "%.3f", lucene, exact, s -> s.result.cpuPerSearchMillis());
    row("recall@" + options.k + " vs exact", "%.4f", lucene, exact, s -> s.result.recall);
    row("mate recall@" + options.k, "%.4f", lucene, exact, s -> s.result.mateRecall);
    row("heap bytes per face", "%.0f", lucene, exact, s -> s.heapPerFace);
    row("disk bytes per face", "%.0f", lucene, exact, s -> s.diskPerFace);
    row("segments", "%.0f", lucene, exact, s -> s.segments);
    System.out.println();

    StringBuilder json = new StringBuilder();
    json.append(String.format(Locale.ROOT, "{\"benchmark\":\"VectorIndexBenchmark\",\"count\":%d,"
        + "\"dimension\":%d,\"queries\":%d,\"k\":%d,\"collections\":%d,\"templatesPerIdentity\":%d,"
        + "\"seed\":%d,\"threads\":%d,\"m\":%d,\"beamWidth\":%d,\"sameIdentityCosine\":%.4f,"
        + "\"differentIdentityCosine\":%.4f,\"exact\":%s,\"approximate\":[",
        options.count, DIMENSION, options.queries, options.k, options.collections,
        options.templates, options.seed, options.threads, options.maxConnections,
        options.beamWidth, cosines[0], cosines[1], exact.json()));
    for (int i = 0; i < lucene.size(); i++) {
      json.append(i == 0 ? "" : ",").append(lucene.get(i).json());
    }
    System.out.println(json.append("]}"));
  }

  private static void row(String label, String format, List<Side> lucene, Side exact,
      ToDoubleFunction<Side> value) {
    System.out.printf(Locale.ROOT, "%-28s", label);
    for (Side side : lucene) {
      System.out.printf(Locale.ROOT, "%26s", String.format(Locale.ROOT, format,
          value.applyAsDouble(side)));
    }
    System.out.printf(Locale.ROOT, "%14s%n", String.format(Locale.ROOT, format,
        value.applyAsDouble(exact)));
  }

  /** What building one index cost; NaN when an existing index was reused. */
  private record Build(double rate, double wallSeconds, double settleSeconds) {}

  /** Latency percentiles, recall and the hits of one run of the query set. */
  private record Measurement(double p50Millis, double p99Millis, double cpuP50Millis,
      double cpuP99Millis, double processCpuMeanMillis, double clusterCpuMeanMillis,
      double recall, double mateRecall, List<List<SearchHit>> hits) {

    /** CPU per search over both processes; the embedded indexes have no cluster. */
    double cpuPerSearchMillis() {
      return processCpuMeanMillis + (Double.isNaN(clusterCpuMeanMillis) ? 0 : clusterCpuMeanMillis);
    }
  }

  /** Everything reported for one index and search setting. */
  private record Side(String name, Build build, Measurement result, double heapPerFace,
      double diskPerFace, int segments, int candidates, int rescored) {

    String json() {
      return String.format(Locale.ROOT, "{\"index\":\"%s\",\"candidates\":%d,\"rescored\":%d,"
          + "\"indexingVectorsPerSecond\":%s,\"buildWallSeconds\":%s,\"mergeSettleSeconds\":%s,"
          + "\"p50Millis\":%.4f,\"p99Millis\":%.4f,\"cpuP50Millis\":%.4f,\"cpuP99Millis\":%.4f,"
          + "\"processCpuMeanMillis\":%.4f,\"clusterCpuMeanMillis\":%s,"
          + "\"cpuPerSearchMillis\":%.4f,\"recall\":%.4f,\"mateRecall\":%.4f,\"heapBytesPerFace\":%s,"
          + "\"diskBytesPerFace\":%.1f,\"segments\":%d}",
          name, candidates, rescored, number(build.rate), number(build.wallSeconds),
          number(build.settleSeconds), result.p50Millis, result.p99Millis, result.cpuP50Millis,
          result.cpuP99Millis, result.processCpuMeanMillis,
          number(result.clusterCpuMeanMillis), result.cpuPerSearchMillis(), result.recall,
          result.mateRecall,
          number(heapPerFace), diskPerFace, segments);
    }

    private static String number(double value) {
      return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.1f", value);
    }
  }

  /** The command-line options. */
  private static final class Options {

    static final String USAGE = "usage: VectorIndexBenchmark --dir DIR [--count 100000]"
        + " [--queries 1000] [--k 10] [--collections 4] [--templates 4] [--seed 42]"
        + " [--threads N] [--oversample 10[,40,...]] [--min-candidates 100[,200,...]] [--batch 10000]"
        + " [--warmup 300] [--m 16] [--beam 100] [--basis lfw|isotropic]"
        + " [--lfw ../shared/data/lfw] [--models models] [--force-merge N]"
        + " [--latencies FILE] [--quantization float32|int8|int4|int1]"
        + " [--graph-vectors reduced[,full,...]]"
        + " [--solr-cluster candor-solr-cluster/target [--solr-nodes 2] [--solr-heap 3g]"
        + " | --solr-zk HOST:PORT/CHROOT] [--solr-collection vbench] [--solr-shards 2]"
        + " [--solr-replicas 1] [--solr-quantization int8|float32] [--commit-every 100000]"
        + " [--solr-pid PID]";

    private Path dir;
    private int count = 100_000;
    private int queries = 1000;
    private int k = 10;
    private int collections = 4;
    private int templates = 4;
    private long seed = 42;
    private int threads = Runtime.getRuntime().availableProcessors();
    private int[] oversample = {IndexConfig.DEFAULT_OVERSAMPLE};
    private int[] minCandidates = {IndexConfig.DEFAULT_MIN_CANDIDATES};
    private int batch = 10_000;
    private int warmup = 300;
    private int maxConnections = IndexConfig.DEFAULT_MAX_CONNECTIONS;
    private int beamWidth = IndexConfig.DEFAULT_BEAM_WIDTH;
    private String basis = "lfw";
    private Path lfw = Path.of("../shared/data/lfw");
    private Path models = Path.of("models");
    private int forceMerge = 0;
    private Path latencies;
    private Quantization quantization = Quantization.INT8;
    private boolean[] graphVectors = {true};
    private String solrZk;
    private String solrCollection = "vbench";
    private int solrShards = 2;
    private int solrReplicas = 1;
    private Path solrCluster;
    private int solrNodes = 2;
    private String solrHeap = "3g";
    private int commitEvery = 100_000;
    private long solrPid;
    private Quantization solrQuantization;

    /** The settings of the Solr index: the embedded index's, with its own quantization. */
    IndexConfig solrIndexConfig(IndexConfig config) {
      return solrQuantization == null ? config : config.withQuantization(solrQuantization);
    }

    /** The SolrCloud index to measure beside Lucene, or null without {@code --solr-zk}. */
    SolrIndexConfig solrConfig() {
      if (solrZk == null) {
        return null;
      }
      int slash = solrZk.indexOf('/');
      String host = slash < 0 ? solrZk : solrZk.substring(0, slash);
      String chroot = slash < 0 ? "/" : solrZk.substring(slash);
      return SolrIndexConfig.of(host, chroot, solrCollection, solrShards, solrReplicas)
          .withBatchSize(1000);
    }

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + args[i]);
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--dir" -> o.dir = Path.of(value);
          case "--count" -> o.count = positive(args[i], value);
          case "--queries" -> o.queries = positive(args[i], value);
          case "--k" -> o.k = positive(args[i], value);
          case "--collections" -> o.collections = positive(args[i], value);
          case "--templates" -> o.templates = positive(args[i], value);
          case "--seed" -> o.seed = Long.parseLong(value);
          case "--threads" -> o.threads = positive(args[i], value);
          case "--oversample" -> o.oversample = Arrays.stream(value.split(","))
              .mapToInt(v -> positive("--oversample", v)).toArray();
          case "--min-candidates" -> o.minCandidates = Arrays.stream(value.split(","))
              .mapToInt(v -> positive("--min-candidates", v)).toArray();
          case "--batch" -> o.batch = positive(args[i], value);
          case "--warmup" -> o.warmup = positive(args[i], value);
          case "--m" -> o.maxConnections = positive(args[i], value);
          case "--beam" -> o.beamWidth = positive(args[i], value);
          case "--basis" -> o.basis = value;
          case "--lfw" -> o.lfw = Path.of(value);
          case "--models" -> o.models = Path.of(value);
          case "--force-merge" -> o.forceMerge = positive(args[i], value);
          case "--latencies" -> o.latencies = Path.of(value);
          case "--solr-zk" -> o.solrZk = value;
          case "--solr-collection" -> o.solrCollection = value;
          case "--solr-shards" -> o.solrShards = positive(args[i], value);
          case "--solr-replicas" -> o.solrReplicas = positive(args[i], value);
          case "--solr-cluster" -> o.solrCluster = Path.of(value);
          case "--solr-nodes" -> o.solrNodes = positive(args[i], value);
          case "--solr-heap" -> o.solrHeap = value;
          case "--commit-every" -> o.commitEvery = positive(args[i], value);
          case "--solr-pid" -> o.solrPid = Long.parseLong(value);
          case "--solr-quantization" -> o.solrQuantization =
              Quantization.valueOf(value.toUpperCase(Locale.ROOT));
          case "--graph-vectors" -> o.graphVectors = graphVectors(value);
          case "--quantization" -> o.quantization =
              Quantization.valueOf(value.toUpperCase(Locale.ROOT));
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (o.dir == null) {
        throw new IllegalArgumentException("--dir is required");
      }
      if (o.solrCluster != null && o.solrZk != null) {
        throw new IllegalArgumentException("give --solr-cluster or --solr-zk, not both");
      }
      return o;
    }

    /** Parses {@code reduced,full,...} into true for reduced, false for full. */
    private static boolean[] graphVectors(String value) {
      String[] names = value.split(",");
      boolean[] reduced = new boolean[names.length];
      for (int i = 0; i < names.length; i++) {
        reduced[i] = switch (names[i]) {
          case "reduced" -> true;
          case "full" -> false;
          default -> throw new IllegalArgumentException(
              "--graph-vectors takes reduced or full, got " + names[i]);
        };
      }
      return reduced;
    }

    private static int positive(String name, String value) {
      int parsed = Integer.parseInt(value);
      if (parsed < 1) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return parsed;
    }
  }
}
