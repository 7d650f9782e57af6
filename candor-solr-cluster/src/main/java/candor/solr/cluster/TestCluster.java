package candor.solr.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a real SolrCloud cluster (Solr's {@link MiniSolrCloudCluster}: an embedded ZooKeeper and
 * N Jetty nodes) on the loopback interface until its standard input closes, for tests in another
 * JVM.
 *
 * <p>Usage: {@code java -cp target/classes:target/lib/* candor.solr.cluster.TestCluster BASE_DIR
 * ADDRESS_FILE [NODES]}. The cluster keeps its ZooKeeper data and every node's cores under
 * {@code BASE_DIR}. Once every node is live it writes {@code ADDRESS_FILE} (a properties file,
 * written to a temporary name and moved into place, so a reader never sees half of it) with
 * {@code zkHost} (host:port), {@code zkChroot}, {@code baseDir}, {@code nodes} and {@code
 * node.I.url} for each node I counted from 0.
 *
 * <p>It then reads one command per line from standard input and answers each with one line on
 * standard output that starts with {@value #REPLY_PREFIX}{@code ok} or {@value
 * #REPLY_PREFIX}{@code error}; Solr's own logging goes to {@code BASE_DIR/solr.log}, so the
 * replies are the only lines a caller needs to look for.
 *
 * <ul>
 *   <li>{@code stop-node I}: stops node I (its cores stay on disk) and waits until it is down.
 *   <li>{@code start-node I}: starts node I again on the same port, so its replicas keep their
 *       node name, and waits until it is live.
 *   <li>{@code wait-active COLLECTION SECONDS}: waits until every replica of the collection is
 *       active, for instance after a node came back and its replicas recovered.
 *   <li>{@code quit}, or the end of standard input: shuts the cluster down and exits.
 * </ul>
 *
 * <p>Not deployed code: it exists for the failure tests of {@code candor-solr}, which fork it
 * because Solr's server side carries Lucene 9 and Candor's own index Lucene 10.
 */
public final class TestCluster {

  /** The start of every reply line on standard output. */
  public static final String REPLY_PREFIX = "candor-cluster: ";

  private static final int DEFAULT_NODES = 2;
  private static final int NODE_WAIT_SECONDS = 60;

  private final MiniSolrCloudCluster cluster;
  // Indexed by the node numbers of the address file. MiniSolrCloudCluster drops a stopped node
  // from its own list, which would renumber the others.
  private final List<JettySolrRunner> nodes;
  private final PrintStream out;

  private TestCluster(MiniSolrCloudCluster cluster, PrintStream out) {
    this.cluster = cluster;
    this.nodes = new ArrayList<>(cluster.getJettySolrRunners());
    this.out = out;
  }

  /**
   * Starts the cluster, writes the address file and serves commands until standard input ends.
   *
   * @param args the base directory, the address file and optionally the number of nodes
   * @throws Exception if the cluster cannot start or shut down
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: TestCluster BASE_DIR ADDRESS_FILE [NODES]");
      System.exit(2);
    }
    Path baseDir = Path.of(args[0]).toAbsolutePath();
    Path addressFile = Path.of(args[1]).toAbsolutePath();
    int nodeCount = args.length == 3 ? Integer.parseInt(args[2]) : DEFAULT_NODES;
    if (nodeCount < 1) {
      throw new IllegalArgumentException("NODES must be positive, got " + nodeCount);
    }
    Files.createDirectories(baseDir);
    // Read by log4j2.xml on this module's classpath; must be set before Solr logs anything.
    System.setProperty("candor.cluster.log", baseDir.resolve("solr.log").toString());

    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodeCount, baseDir).build();
    // A killed parent sends SIGTERM; stop Jetty and ZooKeeper cleanly so ports and files go.
    Thread hook = new Thread(() -> shutdownQuietly(cluster), "candor-cluster-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    TestCluster server = new TestCluster(cluster, System.out);
    server.writeAddress(addressFile, baseDir);
    server.reply("ok started " + nodeCount + " nodes, zk " + cluster.getZkServer().getZkAddress());
    server.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));

    Runtime.getRuntime().removeShutdownHook(hook);
    shutdownQuietly(cluster);
    System.exit(0);
  }

  private void writeAddress(Path addressFile, Path baseDir) throws IOException {
    StringBuilder text = new StringBuilder();
    // host:port and chroot apart, because SolrJ's CloudSolrClient.Builder takes them apart.
    String zkHost = cluster.getZkServer().getZkHost();
    text.append("zkHost=").append(zkHost).append('\n');
    text.append("zkChroot=/solr\n");
    text.append("baseDir=").append(escape(baseDir.toString())).append('\n');
    text.append("nodes=").append(nodes.size()).append('\n');
    for (int i = 0; i < nodes.size(); i++) {
      text.append("node.").append(i).append(".url=")
          .append(escape(nodes.get(i).getBaseUrl().toString())).append('\n');
    }
    Files.createDirectories(addressFile.toAbsolutePath().getParent());
    Path partial = addressFile.resolveSibling(addressFile.getFileName() + ".partial");
    Files.writeString(partial, text, StandardCharsets.UTF_8);
    Files.move(partial, addressFile, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private void serve(BufferedReader in) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      String command = line.strip();
      if (command.isEmpty()) {
        continue;
      }
      if (command.equals("quit")) {
        reply("ok quit");
        return;
      }
      try {
        reply("ok " + command + execute(command.split("\\s+")));
      } catch (Exception e) {
        reply("error " + command + ": " + e);
      }
    }
  }

  private String execute(String[] words) throws Exception {
    switch (words[0]) {
      case "stop-node" -> {
        JettySolrRunner node = node(words);
        cluster.stopJettySolrRunner(node);
        cluster.waitForJettyToStop(node);
        return "";
      }
      case "start-node" -> {
        JettySolrRunner node = node(words);
        if (node.isRunning()) {
          return " (already running)";
        }
        // Same port: the node name (host:port_solr) names its replicas in the cluster state.
        cluster.startJettySolrRunner(node, true);
        cluster.waitForNode(node, NODE_WAIT_SECONDS);
        return "";
      }
      case "wait-active" -> {
        requireWords(words, 3, "wait-active COLLECTION SECONDS");
        cluster.waitForActiveCollection(words[1], Long.parseLong(words[2]), TimeUnit.SECONDS);
        return "";
      }
      default -> throw new IllegalArgumentException(
          "unknown command; expected stop-node I, start-node I, wait-active C S or quit");
    }
  }

  private JettySolrRunner node(String[] words) {
    requireWords(words, 2, words[0] + " I");
    int index = Integer.parseInt(words[1]);
    if (index < 0 || index >= nodes.size()) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "node must be between 0 and %d, got %d", nodes.size() - 1, index));
    }
    return nodes.get(index);
  }

  private static void requireWords(String[] words, int count, String usage) {
    if (words.length != count) {
      throw new IllegalArgumentException("usage: " + usage);
    }
  }

  private void reply(String text) {
    out.println(REPLY_PREFIX + text);
    out.flush();
  }

  /** Escapes backslashes and colons the way {@link java.util.Properties#load} reads them. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace(":", "\\:");
  }

  private static void shutdownQuietly(MiniSolrCloudCluster cluster) {
    try {
      cluster.shutdown();
    } catch (Exception e) {
      System.err.println("cluster shutdown failed: " + e);
    }
  }
}
