package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.index.IndexStorageException;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The problem+json mapping of failures that need no gallery to provoke. */
class ProblemsTest {

  @Test
  void an_unreachable_index_is_a_503_problem_that_names_it() throws Exception {
    Javalin app = Javalin.create(Problems::configure)
        .get("/search", ctx -> {
          throw new IndexStorageException("search", Path.of("zk:2181/solr/faces"),
              new IOException("no live SolrServers available"));
        })
        .start("127.0.0.1", 0);
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/search")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith(Problems.CONTENT_TYPE));
      assertThat(r.body()).contains("\"status\":503")
          .contains("the vector index is unavailable, try again later: ")
          .contains("zk:2181/solr/faces");
    } finally {
      app.stop();
    }
  }
}
