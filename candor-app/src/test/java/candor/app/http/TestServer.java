package candor.app.http;

import candor.core.policy.PolicyConfig;
import candor.vision.FacePipeline;
import candor.vision.VisionConfig;
import candor.vision.image.ImageLimits;
import candor.vision.image.ImageLoader;
import candor.vision.pack.ModelPack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Candor server on a random port over a temporary data directory, with a small HTTP
 * client for tests. The face pipeline (the shipped models) is loaded once per test JVM and never
 * closed: its native sessions go with the JVM.
 */
public final class TestServer implements AutoCloseable {

  private static FacePipeline pipeline;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CandorServer server;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String adminToken;

  private TestServer(CandorServer server) {
    this.server = server;
    this.base = "http://127.0.0.1:" + server.port();
    this.adminToken = server.firstAdminKey().orElseThrow().token();
  }

  /** Starts a server on a fresh data directory {@code dir}. */
  public static TestServer start(Path dir) {
    return start(dir, ImageLimits.defaults());
  }

  /** Starts a server with the given upload limits. */
  public static TestServer start(Path dir, ImageLimits limits) {
    return start(dir, limits, UNTHROTTLED);
  }

  /**
   * The failed-authentication limit of test servers: the suites send many bad keys from one
   * address on purpose; {@code SignInThrottleTest} starts a server with the real limit.
   */
  static final int UNTHROTTLED = 1_000_000;

  /** Starts a server with a given limit of failed authentications per address and minute. */
  public static TestServer start(Path dir, ImageLimits limits, int failedAuthPerMinute) {
    Logging.defaults();
    return new TestServer(CandorServer.start(new CandorServer.Config(dir, "127.0.0.1", 0,
        PolicyConfig.defaults(), null, failedAuthPerMinute), pipeline(), new ImageLoader(limits)));
  }

  /** Starts a server that signs audit checkpoints as {@code checkpoints} says. */
  public static TestServer start(Path dir, CandorServer.Checkpointing checkpoints) {
    Logging.defaults();
    return new TestServer(CandorServer.start(new CandorServer.Config(dir, "127.0.0.1", 0,
        PolicyConfig.defaults(), null, checkpoints), pipeline(),
        new ImageLoader(ImageLimits.defaults())));
  }

  /** The shared face pipeline over the shipped models. */
  public static synchronized FacePipeline pipeline() {
    if (pipeline == null) {
      List<Path> dirs = List.of(Photos.ROOT.resolve("models"));
      pipeline = FacePipeline.open(ModelPack.named("default", dirs), dirs,
          VisionConfig.defaults());
    }
    return pipeline;
  }

  public String base() {
    return base;
  }

  public String adminToken() {
    return adminToken;
  }

  public CandorServer server() {
    return server;
  }

  @Override
  public void close() {
    server.close();
  }

  // ---- client ---------------------------------------------------------------------------------

  /** A response: status, body, content type. */
  public record Response(int status, String body, String contentType, byte[] bytes) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + (body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET().build());
  }

  public Response delete(String path, String token) {
    return send(request(path, token).DELETE().build());
  }

  public Response postJson(String path, String token, Object body) {
    try {
      return send(request(path, token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Posts {@code body} as it is, declared as {@code contentType}. */
  public Response send(String path, String token, String contentType, String body) {
    return send(request(path, token).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  public Response post(String path, String token) {
    return send(request(path, token).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** Posts multipart/form-data: text fields, then files ({@code name -> bytes}, any number). */
  public Response postMultipart(String path, String token, Map<String, String> fields,
      List<Map.Entry<String, byte[]>> files) {
    String boundary = "candor-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (Map.Entry<String, String> f : fields.entrySet()) {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
            + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      int i = 0;
      for (Map.Entry<String, byte[]> f : files) {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
            + "\"; filename=\"photo" + (i++) + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
        out.write(f.getValue());
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return send(request(path, token)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build());
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8),
          r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
