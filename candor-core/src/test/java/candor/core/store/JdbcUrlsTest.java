package candor.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JdbcUrlsTest {

  @Test
  void masks_a_password_parameter_and_keeps_the_rest_of_the_url() {
    assertThat(JdbcUrls.redact(
        "jdbc:postgresql://db:5432/candor?user=candor&password=s3cret&currentSchema=c"))
        .isEqualTo("jdbc:postgresql://db:5432/candor?user=candor&password=***&currentSchema=c");
    assertThat(JdbcUrls.redact("jdbc:postgresql://db/candor?PASSWORD=s3cret"))
        .isEqualTo("jdbc:postgresql://db/candor?PASSWORD=***");
    assertThat(JdbcUrls.redact("jdbc:postgresql://db/candor?sslpassword=k3y;password=s3cret"))
        .isEqualTo("jdbc:postgresql://db/candor?sslpassword=***;password=***");
  }

  @Test
  void masks_the_password_of_the_user_information() {
    assertThat(JdbcUrls.redact("jdbc:postgresql://candor:s3cret@db:5432/candor"))
        .isEqualTo("jdbc:postgresql://candor:***@db:5432/candor");
    assertThat(JdbcUrls.redact("jdbc:mysql://root:p@ss:w0rd@db/x"))
        .doesNotContain("w0rd").doesNotContain("p@ss");
  }

  @Test
  void masks_urls_inside_a_message_and_leaves_text_without_passwords_alone() {
    assertThat(JdbcUrls.redact("cannot connect to 'jdbc:postgresql://db/c?password=s3cret': refused"))
        .isEqualTo("cannot connect to 'jdbc:postgresql://db/c?password=***': refused");
    String plain = "jdbc:postgresql://db:5432/candor?user=candor and http://host:8080/x";
    assertThat(JdbcUrls.redact(plain)).isEqualTo(plain);
    assertThat(JdbcUrls.redact(null)).isNull();
  }

  @Test
  void a_refused_url_is_named_without_its_password() {
    assertThatThrownBy(() -> new StoreConfig("jdbc:mysql://root:s3cret@db/x?password=s3cret",
            null, null, Path.of("k"), 4, StoreConfig.DEFAULT_BUSY_TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported JDBC URL 'jdbc:mysql://root:***@db/x?password=***', expected"
            + " jdbc:sqlite: or jdbc:postgresql:");
    StoreConfig config = StoreConfig.postgresql("jdbc:postgresql://db/candor?password=s3cret",
        null, null, Path.of("k"));
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void a_failed_connection_names_the_database_without_its_password(@TempDir Path dir) {
    // Nothing listens on port 1: the pool's first connection fails at once.
    StoreConfig config = new StoreConfig(
        "jdbc:postgresql://127.0.0.1:1/candor?user=candor&password=s3cret&connectTimeout=2",
        null, null, dir.resolve("master.key"), 1, Duration.ofMillis(500));
    assertThatThrownBy(() -> JdbcStore.open(config).close())
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
          }
        })
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/candor?user=candor&password=***");
  }
}
