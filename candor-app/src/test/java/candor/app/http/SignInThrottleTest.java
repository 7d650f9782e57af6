package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.audit.AuditEntry;
import candor.vision.image.ImageLimits;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failed authentications over HTTP: counted per client address, answered 429 with {@code
 * Retry-After} once the deployment's limit is reached (a valid key from that address included),
 * and audited in aggregate without the tokens presented.
 */
class SignInThrottleTest {

  private static final int LIMIT = 3;
  private static final String GUESS = "candor_kdeadbeef0001_" + "A".repeat(43);

  @TempDir static Path dir;
  static TestServer server;
  static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    server = TestServer.start(dir, ImageLimits.defaults(), LIMIT);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + "/v1/collections"))
        .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void an_address_that_fails_too_often_is_throttled_and_the_failures_are_audited_in_aggregate()
      throws Exception {
    assertThat(get(null).statusCode()).as("no key is not a guess").isEqualTo(401);
    for (int i = 0; i < LIMIT; i++) {
      assertThat(get(GUESS).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> throttled = get(GUESS);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Content-Type").orElse(""))
        .startsWith(Problems.CONTENT_TYPE);
    long retry = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retry).isBetween(1L, SignInThrottle.WINDOW.toSeconds());
    assertThat(throttled.body()).contains("too many failed authentications");
    assertThat(get(server.adminToken()).statusCode())
        .as("the address is throttled, whatever key it presents now").isEqualTo(429);

    server.server().throttle().flush();
    List<AuditEntry> failures = server.server().operations().gallery().store().audit()
        .entries(0, 1_000).stream().filter(e -> e.action().equals("auth.failed")).toList();
    assertThat(failures).hasSize(1);
    assertThat(failures.getFirst().actor()).isEqualTo("http:127.0.0.1");
    assertThat(failures.getFirst().detailsJson()).contains("\"failures\":" + LIMIT)
        .doesNotContain(GUESS).doesNotContain("deadbeef");
    server.server().throttle().flush();
    assertThat(server.server().operations().gallery().store().audit().entries(0, 1_000).stream()
        .filter(e -> e.action().equals("auth.failed")).count())
        .as("a flush with nothing new writes nothing").isEqualTo(1);
  }
}
