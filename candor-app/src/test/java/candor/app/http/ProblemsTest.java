package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.model.InvalidRequestException;
import candor.core.store.CollectionNotFoundException;
import candor.index.IndexStorageException;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The problem+json mapping of failures that need no gallery to provoke. */
class ProblemsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs {@code handler} on GET /x of a bare server with the mapping, and returns the answer. */
  static HttpResponse<String> call(Handler handler) throws Exception {
    Javalin app = Javalin.create(Problems::configure).get("/x", handler).start("127.0.0.1", 0);
    try {
      return HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/x")).build(),
          HttpResponse.BodyHandlers.ofString());
    } finally {
      app.stop();
    }
  }

  static JsonNode problem(HttpResponse<String> r) throws IOException {
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith(Problems.CONTENT_TYPE));
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    return JSON.readTree(r.body());
  }

  @Test
  void an_unreachable_index_is_a_503_problem_that_names_it() throws Exception {
    HttpResponse<String> r = call(ctx -> {
      throw new IndexStorageException("search", Path.of("zk:2181/solr/faces"),
          new IOException("no live SolrServers available"));
    });
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(problem(r).get("detail").asText())
        .startsWith("the vector index is unavailable, try again later: ")
        .contains("zk:2181/solr/faces");
  }

  @Test
  void a_request_that_breaks_a_domain_rule_is_a_400_with_the_rule_as_detail() throws Exception {
    HttpResponse<String> r = call(ctx -> {
      throw new InvalidRequestException("k must be between 1 and 100, got 0");
    });
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode p = problem(r);
    assertThat(p.get("detail").asText()).isEqualTo("k must be between 1 and 100, got 0");
    assertThat(p.get("type").asText()).isEqualTo("/problems/bad-request");
    assertThat(p.has("errorId")).isFalse();
  }

  @Test
  void a_missing_thing_is_a_404_that_names_it() throws Exception {
    HttpResponse<String> r = call(ctx -> {
      throw new CollectionNotFoundException("watch");
    });
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(problem(r).get("detail").asText()).isEqualTo("collection 'watch' does not exist");
  }

  @Test
  void a_stray_illegal_argument_or_null_pointer_is_a_500_whose_id_the_log_line_carries()
      throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(Problems.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    try {
      for (RuntimeException bug : new RuntimeException[] {
          new IllegalArgumentException("index 7 out of the template's 512 dimensions"),
          new NullPointerException("Cannot invoke \"Face.box()\" because \"face\" is null")}) {
        appender.list.clear();
        HttpResponse<String> r = call(ctx -> {
          throw bug;
        });
        assertThat(r.statusCode()).isEqualTo(500);
        JsonNode p = problem(r);
        String id = p.get("errorId").asText();
        assertThat(id).matches("[0-9a-f]{12}");
        assertThat(p.get("detail").asText()).isEqualTo("internal error " + id
            + "; the server log has the details under this id").doesNotContain(bug.getMessage());
        assertThat(appender.list).hasSize(1);
        ILoggingEvent event = appender.list.getFirst();
        assertThat(event.getFormattedMessage()).isEqualTo("error " + id + ": GET /x failed");
        assertThat(event.getThrowableProxy().getMessage()).isEqualTo(bug.getMessage());
      }
    } finally {
      log.detachAppender(appender);
    }
  }

  @Test
  void a_database_password_never_reaches_a_problem_body() throws Exception {
    HttpResponse<String> r = call(ctx -> {
      throw new InvalidRequestException("cannot use 'jdbc:postgresql://candor:s3cret@db/candor"
          + "?user=candor&password=s3cret'");
    });
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(problem(r).get("detail").asText()).isEqualTo("cannot use"
        + " 'jdbc:postgresql://candor:***@db/candor?user=candor&password=***'");
    assertThat(r.body()).doesNotContain("s3cret");
  }
}
