package candor.app.cli;

import candor.vision.onnx.OnnxModel;
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
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code candor models install}: copies or downloads a model file into the data directory's model
 * store, keeping it only when its SHA-256 is the one given.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
    description = "Add a model file (a local FILE, or an http(s) URL) to DATA/models after checking its SHA-256.")
public final class ModelsInstallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;

  @Parameters(index = "0", paramLabel = "FILE|URL", description = "Model file path or http(s) URL.")
  String source;

  @Option(names = "--sha256", paramLabel = "HASH", required = true, description = "Expected SHA-256 of the file (64 hex digits).")
  String sha256;

  @Option(names = "--name", paramLabel = "FILE", description = "File name in the store (default: the source's name).")
  String name;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!sha256.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("--sha256 must be 64 hex digits, got '" + sha256 + "'");
    }
    boolean remote = source.startsWith("http://") || source.startsWith("https://");
    String fileName = name != null ? name : Path.of(remote ? URI.create(source).getPath() : source).getFileName().toString();
    Path store = data.modelStore();
    Files.createDirectories(store);
    Path tmp = Files.createTempFile(store, ".install-", ".part");
    try {
      if (remote) {
        download(source, tmp);
      } else {
        Path src = Path.of(source);
        if (!Files.isRegularFile(src)) {
          throw new IllegalArgumentException(source + ": file not found");
        }
        Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      String actual = OnnxModel.sha256(tmp);
      if (!actual.equals(sha256.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(source + ": SHA-256 is " + actual + ", expected " + sha256.toLowerCase(Locale.ROOT)
            + "; nothing installed");
      }
      Path target = store.resolve(fileName);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("installed %s (%d bytes, sha256 %s)%n", target, Files.size(target), actual);
      out.flush();
      return ExitCodes.OK;
    } finally {
      Files.deleteIfExists(tmp);
    }
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
