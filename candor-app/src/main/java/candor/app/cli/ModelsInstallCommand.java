package candor.app.cli;

import candor.vision.install.PackInstaller;
import candor.vision.install.PackLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code candor models install}: a model file (copied or downloaded into the data directory's
 * model store, kept only when its SHA-256 is the one given), or a whole pack: an EdgeFace
 * embedder behind YuNet, an InsightFace model folder, or a descriptor of one's own. A pack is
 * checked against its graphs and its licence before anything is kept; see {@link PackInstaller}.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
    description = {"Add a model file (a local FILE, or an http(s) URL) to DATA/models after checking its SHA-256; or a"
        + " pack: --pack NAME --layout edgeface FILE.onnx (behind YuNet, installed first), --pack NAME --layout"
        + " insightface DIR (det_*.onnx + w600k_*.onnx, --sha256 FILE=HASH for each), or NAME.pack.properties (a"
        + " descriptor of your own). Packs are checked against their graphs; non-commercial or research-only"
        + " models need --accept-licence ID."})
public final class ModelsInstallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;

  @Parameters(index = "0", paramLabel = "SOURCE",
      description = "Model file path or http(s) URL; an EdgeFace .onnx file or InsightFace folder with --layout; or a"
          + " NAME.pack.properties descriptor.")
  String source;

  @Option(names = "--sha256", paramLabel = "[FILE=]HASH",
      description = "Expected SHA-256 (64 hex digits) of the file; for a pack folder, FILE=HASH once per file.")
  List<String> sha256 = new ArrayList<>();

  @Option(names = "--name", paramLabel = "FILE", description = "File name in the store (default: the source's name).")
  String name;

  @Option(names = "--pack", paramLabel = "NAME", description = "Install SOURCE as the pack NAME (with --layout).")
  String pack;

  @Option(names = "--layout", paramLabel = "LAYOUT",
      description = "What SOURCE is: edgeface (an EdgeFace .onnx embedder, used behind YuNet) or insightface (a"
          + " folder with an SCRFD det_*.onnx and a w600k_*.onnx recogniser).")
  String layout;

  @Option(names = "--accept-licence", paramLabel = "ID",
      description = "Accept the pack's non-commercial or research-only licence, named by its id; recorded in the"
          + " descriptor with your user name and the time.")
  String acceptLicence;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PackInstaller installer = new PackInstaller(data.modelStore(), EngineOptions.storeDirs(data), Clock.systemUTC());
    PrintWriter out = spec.commandLine().getOut();
    if (layout != null || pack != null) {
      if (layout == null || pack == null) {
        throw new IllegalArgumentException("a pack install needs both --pack NAME and --layout edgeface|insightface");
      }
      print(out, installer.installLayout(pack, PackLayout.parse(layout), Path.of(source), hashes(),
          acceptLicence, operator()));
    } else if (source.endsWith(".pack.properties")) {
      if (!sha256.isEmpty()) {
        throw new IllegalArgumentException("a descriptor names its files' SHA-256 itself; drop --sha256");
      }
      print(out, installer.installDescriptor(Path.of(source), acceptLicence, operator()));
    } else {
      installFile(installer, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The acceptance is recorded under the operating-system user, without the {@code cli:} prefix. */
  private static String operator() {
    return System.getProperty("user.name", "unknown");
  }

  private void installFile(PackInstaller installer, PrintWriter out) throws IOException, InterruptedException {
    if (sha256.size() != 1 || sha256.getFirst().contains("=")) {
      throw new IllegalArgumentException("a model file install needs one --sha256 HASH (64 hex digits)");
    }
    if (!sha256.getFirst().matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("--sha256 must be 64 hex digits, got '" + sha256.getFirst() + "'");
    }
    boolean remote = source.startsWith("http://") || source.startsWith("https://");
    String fileName = name != null ? name : Path.of(remote ? URI.create(source).getPath() : source).getFileName().toString();
    Path target;
    if (remote) {
      Files.createDirectories(data.modelStore());
      Path tmp = Files.createTempFile(data.modelStore(), ".download-", ".part");
      try {
        download(source, tmp);
        target = installer.installFile(tmp, source, sha256.getFirst(), fileName);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } else {
      target = installer.installFile(Path.of(source), source, sha256.getFirst(), fileName);
    }
    out.printf("installed %s (%d bytes, sha256 %s)%n", target, Files.size(target),
        sha256.getFirst().toLowerCase(java.util.Locale.ROOT));
  }

  private Map<String, String> hashes() {
    Map<String, String> byFile = new LinkedHashMap<>();
    for (String s : sha256) {
      int eq = s.indexOf('=');
      String file = eq < 0 ? "" : s.substring(0, eq);
      if (byFile.put(file, s.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("--sha256 given twice for " + (file.isEmpty() ? "the file" : file));
      }
    }
    return byFile;
  }

  private static void print(PrintWriter out, PackInstaller.Installed done) {
    out.printf("installed pack %s (%s)%n", done.pack().name(), done.descriptor());
    done.models().forEach(line -> out.printf("  %s%n", line));
    out.printf("  template model id %s%n", done.pack().templateModelId());
    out.printf("  licence %s%n", done.pack().licence().summary());
    out.printf("use it with --model-pack %s; measure it with candor eval lfw --model-pack %s%n", done.pack().name(),
        done.pack().name());
  }

  private static void download(String url, Path target) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<InputStream> resp = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (resp.statusCode() != 200) {
      throw new IOException(url + ": download failed with HTTP " + resp.statusCode());
    }
    try (InputStream in = resp.body()) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
