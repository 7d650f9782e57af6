package candor.index.solr;

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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SolrCloud cluster for one test class: forks {@code candor.solr.cluster.TestCluster}
 * (module candor-solr-cluster) in its own JVM before the class's tests, and stops it after them
 * or, failing that, when the test JVM exits.
 *
 * <p>A separate JVM because Solr's server side carries Lucene 9 and candor-index Lucene 10. The
 * system property {@code candor.solr.cluster.dir} names candor-solr-cluster's {@code target}
 * folder, which must hold {@code classes} and {@code lib} (its {@code package} phase makes them).
 * Register it as a static field with {@code @RegisterExtension}.
 *
 * <p>Public and shipped in candor-solr's test-jar, so that candor-core's cross-backend gallery
 * tests fork the same cluster.
 */
public final class SolrTestCluster implements BeforeAllCallback, AfterAllCallback {

  private static final String REPLY_PREFIX = "candor-cluster: ";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final int nodes;
  // Set by beforeAll, cleared by afterAll; a test class's tests run between the two.
  private Process process;
  private Writer commands;
  private Thread exitHook;
  private Path baseDir;
  private Properties address;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

  /**
   * Creates the extension.
   *
   * @param nodes how many Solr nodes the cluster runs
   */
  public SolrTestCluster(int nodes) {
    this.nodes = nodes;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path target = Path.of(System.getProperty("candor.solr.cluster.dir",
        "../candor-solr-cluster/target")).toAbsolutePath().normalize();
    if (Files.isDirectory(target.resolve("lib")) == false
        || Files.exists(target.resolve("classes/candor/solr/cluster/TestCluster.class")) == false) {
      throw new IllegalStateException("no test cluster build in " + target
          + "; run: ./mvnw -pl candor-solr-cluster package");
    }
    baseDir = Files.createTempDirectory("candor-solr-cluster");
    Path addressFile = baseDir.resolve("address.properties");
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder = new ProcessBuilder(javaBin.toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-XX:+UseSerialGC",
        "-Dcandor.cluster.log.level=" + System.getProperty("candor.cluster.log.level", "WARN"),
        "-cp", target.resolve("classes") + File.pathSeparator + target.resolve("lib") + "/*",
        "candor.solr.cluster.TestCluster", baseDir.resolve("cluster").toString(),
        addressFile.toString(), Integer.toString(nodes));
    builder.redirectError(baseDir.resolve("cluster-stderr.log").toFile());
    process = builder.start();
    // A test JVM that dies without afterAll must not leave Solr running.
    Process started = process;
    exitHook = new Thread(started::destroyForcibly, "candor-solr-cluster-killer");
    Runtime.getRuntime().addShutdownHook(exitHook);
    commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    startReplyReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = awaitReply(START_TIMEOUT, "start");
    if (first.startsWith("ok started") == false) {
      throw new IllegalStateException("test cluster did not start: " + first);
    }
    address = new Properties();
    try (Reader in = Files.newBufferedReader(addressFile, StandardCharsets.UTF_8)) {
      address.load(in);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process == null) {
      return;
    }
    try {
      commands.write("quit\n");
      commands.close();
    } catch (IOException e) {
      // Already gone; destroy below makes sure.
    }
    if (process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS) == false) {
      process.destroy();
      if (process.waitFor(10, TimeUnit.SECONDS) == false) {
        process.destroyForcibly().waitFor();
      }
    }
    Runtime.getRuntime().removeShutdownHook(exitHook);
    process = null;
    deleteRecursively(baseDir);
  }

  /** Returns the ZooKeeper {@code host:port} of the cluster. */
  public String zkHost() {
    return address.getProperty("zkHost");
  }

  /** Returns the ZooKeeper chroot under which the cluster keeps its state. */
  public String zkChroot() {
    return address.getProperty("zkChroot");
  }

  /** Returns the folder that holds every node's cores. */
  public Path clusterDir() {
    return Path.of(address.getProperty("baseDir"));
  }

  /** Returns index settings for a collection of this cluster. */
  public SolrIndexConfig config(String collection, int shards, int replicas) {
    return SolrIndexConfig.of(zkHost(), zkChroot(), collection, shards, replicas);
  }

  /**
   * Deletes every document of {@code collection}, if it exists, and expunges them, so that a
   * test starts from an empty index without paying for a new collection.
   */
  public void empty(String collection) throws Exception {
    try (CloudSolrClient client = new CloudHttp2SolrClient.Builder(List.of(zkHost()),
        Optional.of(zkChroot())).build()) {
      if (CollectionAdminRequest.listCollections(client).contains(collection) == false) {
        return;
      }
      UpdateRequest wipe = new UpdateRequest();
      wipe.deleteByQuery("*:*");
      wipe.setAction(AbstractUpdateRequest.ACTION.COMMIT, true, true, 1, false, true);
      wipe.process(client, collection);
    }
  }

  /** Stops node {@code i}; its cores stay on disk. */
  public void stopNode(int i) {
    command("stop-node " + i);
  }

  /** Starts node {@code i} again on its old port. */
  public void startNode(int i) {
    command("start-node " + i);
  }

  /** Waits until every replica of {@code collection} is active again. */
  public void awaitActive(String collection) {
    command("wait-active " + collection + " " + (COMMAND_TIMEOUT.toSeconds() - 10));
  }

  /** Returns the number of nodes. */
  public int nodes() {
    return nodes;
  }

  private synchronized void command(String command) {
    try {
      commands.write(command + "\n");
      commands.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("test cluster is gone; could not send " + command, e);
    }
    String reply = awaitReply(COMMAND_TIMEOUT, command);
    if (reply.startsWith("ok " + command) == false) {
      throw new IllegalStateException("test cluster failed '" + command + "': " + reply);
    }
  }

  private String awaitReply(Duration timeout, String what) {
    try {
      String reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (reply == null) {
        throw new IllegalStateException("no reply from the test cluster to '" + what + "' within "
            + timeout + (process.isAlive() ? "" : " (it exited)") + "; see " + baseDir);
      }
      return reply;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the test cluster", e);
    }
  }

  private void startReplyReader(Reader out) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(out)) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith(REPLY_PREFIX)) {
            replies.add(line.substring(REPLY_PREFIX.length()));
          }
        }
      } catch (IOException e) {
        // The cluster's output closed: it exited.
      }
      replies.add("error: the test cluster exited");
    }, "candor-solr-cluster-replies");
    reader.setDaemon(true);
    reader.start();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || Files.exists(dir) == false) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }
}
