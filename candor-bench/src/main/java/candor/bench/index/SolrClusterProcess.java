package candor.bench.index;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A SolrCloud cluster for the benchmark: module candor-solr-cluster's {@code TestCluster} (an
 * embedded ZooKeeper and N Solr nodes in one JVM) forked on this machine, so that the benchmark
 * can weigh what the cluster costs: its CPU time, its heap after a collection, its files.
 *
 * <p>The cluster JVM runs Lucene 9's SIMD vector code ({@code --add-modules jdk.incubator.vector},
 * and {@code org.apache.lucene.vectorization.upperJavaFeatureVersion} raised to the running Java:
 * Lucene 9.12 otherwise turns it off on Java 24 and later), as a Solr deployment on this JDK
 * would be configured. Not deployed code: a measuring aid. Closing it stops the cluster.
 */
final class SolrClusterProcess implements AutoCloseable {

  private static final String REPLY_PREFIX = "candor-cluster: ";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  // Null when attached to a cluster this benchmark did not start (then only its CPU and heap
  // are weighed, and closing leaves it running).
  private final Process process;
  private final ProcessHandle handle;
  private final Writer commands;
  private final Path baseDir;
  private final Properties address = new Properties();

  private SolrClusterProcess(Process process, ProcessHandle handle, Path baseDir) {
    this.process = process;
    this.handle = handle;
    this.commands = process == null ? null
        : new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.baseDir = baseDir;
  }

  /**
   * Weighs a running cluster JVM that this benchmark did not start: its CPU time and heap.
   *
   * @param pid the cluster JVM's process id
   * @return a handle that closing leaves running
   * @throws IllegalArgumentException if no such process runs
   */
  static SolrClusterProcess attach(long pid) {
    ProcessHandle handle = ProcessHandle.of(pid)
        .orElseThrow(() -> new IllegalArgumentException("no process " + pid));
    return new SolrClusterProcess(null, handle, null);
  }

  /**
   * Forks the cluster and waits until every node is live.
   *
   * @param clusterTarget candor-solr-cluster's {@code target} folder (with {@code classes} and
   *     {@code lib})
   * @param baseDir where the cluster keeps ZooKeeper's data and every node's cores; emptied
   * @param nodes how many Solr nodes
   * @param heap the cluster JVM's {@code -Xmx}, such as {@code 3g}
   * @return the running cluster
   * @throws IOException if it cannot be started
   */
  static SolrClusterProcess start(Path clusterTarget, Path baseDir, int nodes, String heap)
      throws IOException {
    if (Files.exists(clusterTarget.resolve("classes/candor/solr/cluster/TestCluster.class"))
        == false || Files.isDirectory(clusterTarget.resolve("lib")) == false) {
      throw new IllegalArgumentException("no test cluster build in " + clusterTarget
          + "; run: ./mvnw -pl candor-solr-cluster -am package -DskipTests");
    }
    deleteTree(baseDir);
    Files.createDirectories(baseDir);
    Path addressFile = baseDir.resolve("address.properties");
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(javaBin.toString(),
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Dorg.apache.lucene.vectorization.upperJavaFeatureVersion="
            + Runtime.version().feature(),
        "-Xmx" + heap, "-Xms" + heap,
        "-cp", clusterTarget.resolve("classes") + File.pathSeparator + clusterTarget.resolve("lib")
            + File.separator + "*",
        "candor.solr.cluster.TestCluster", baseDir.resolve("cluster").toString(),
        addressFile.toString(), Integer.toString(nodes)));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectError(baseDir.resolve("cluster-stderr.log").toFile());
    Process started = builder.start();
    SolrClusterProcess cluster = new SolrClusterProcess(started, started.toHandle(), baseDir);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster.process::destroy));
    String first = cluster.firstReply();
    if (first.startsWith("ok started") == false) {
      cluster.process.destroyForcibly();
      throw new IOException("the cluster did not start: " + first + "; see " + baseDir);
    }
    try (Reader in = Files.newBufferedReader(addressFile, StandardCharsets.UTF_8)) {
      cluster.address.load(in);
    }
    return cluster;
  }

  /** Returns {@code host:port/chroot}, as {@code --solr-zk} takes it. */
  String zk() {
    return address.getProperty("zkHost") + address.getProperty("zkChroot");
  }

  /** Returns the CPU time the cluster's JVM has used so far, user and system. */
  Duration cpu() {
    return handle.info().totalCpuDuration().orElseThrow(
        () -> new IllegalStateException("this platform reports no CPU time of other processes"));
  }

  /**
   * Collects the cluster JVM's garbage and returns the heap it still uses (bytes), through
   * {@code jcmd}.
   */
  long heapUsedAfterGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    Thread.sleep(500);
    String info = jcmd("GC.heap_info");
    long used = 0;
    Matcher m = HEAP_USED.matcher(info);
    // The first "used" figure is the whole heap's; the rest are its regions'.
    if (m.find()) {
      used = Long.parseLong(m.group(1)) * 1024;
    }
    return used;
  }

  /**
   * Returns the bytes of the collection's index files on every node, summed by Lucene file
   * extension ({@code vec}, {@code vex}, {@code dvd}, ...).
   */
  Map<String, Long> bytesByExtension(String collection) throws IOException {
    Map<String, Long> bytes = new TreeMap<>();
    if (baseDir == null) {
      return bytes;
    }
    Path root = baseDir.resolve("cluster");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String relative = root.relativize(file).toString();
        if (relative.contains(collection + "_shard") == false || relative.contains("/index")
            == false) {
          continue;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? name : name.substring(dot + 1);
        try {
          bytes.merge(extension, Files.size(file), Long::sum);
        } catch (IOException e) {
          // Removed by a merge while we walked.
        }
      }
    }
    return bytes;
  }

  /** Stops the cluster and waits for its JVM to exit. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (process == null) {
      return;
    }
    try {
      commands.write("quit\n");
      commands.close();
    } catch (IOException e) {
      // Gone already.
    }
    if (process.waitFor(60, TimeUnit.SECONDS) == false) {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private String firstReply() throws IOException {
    BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String line;
    while (System.nanoTime() < deadline && (line = lines.readLine()) != null) {
      if (line.startsWith(REPLY_PREFIX)) {
        // Keep draining the cluster's output, so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
          try {
            while (lines.readLine() != null) {
              // Replies to commands this class does not send.
            }
          } catch (IOException e) {
            // The cluster exited.
          }
        }, "solr-cluster-output");
        drain.setDaemon(true);
        drain.start();
        return line.substring(REPLY_PREFIX.length());
      }
    }
    return "no reply within " + START_TIMEOUT;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(handle.pid()), command)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.format(Locale.ROOT, "jcmd %s failed: %s", command, out));
    }
    return out;
  }

  private static void deleteTree(Path dir) {
    if (Files.exists(dir) == false) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty " + dir, e);
    }
  }
}
