package candor.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class StoreConfigTest {

  @Test
  void sqlite_keeps_the_database_and_the_key_file_in_the_data_directory() {
    StoreConfig config = StoreConfig.sqlite(Path.of("/srv/candor"));
    assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:/srv/candor/candor.db");
    assertThat(config.masterKeyFile()).isEqualTo(Path.of("/srv/candor/keys/master.key"));
    assertThat(config.isSqlite()).isTrue();
    assertThat(StoreConfig.defaults().jdbcUrl()).isEqualTo("jdbc:sqlite:candor-data/candor.db");
  }

  @Test
  void refuses_an_unsupported_database() {
    assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:", null, null, Path.of("k"), 4,
            StoreConfig.DEFAULT_BUSY_TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported JDBC URL 'jdbc:h2:mem:', expected jdbc:sqlite: or"
            + " jdbc:postgresql:");
  }

  @Test
  void never_prints_the_password() {
    StoreConfig config = StoreConfig.postgresql("jdbc:postgresql://db/candor", "candor",
        "s3cret", Path.of("/etc/candor/master.key"));
    assertThat(config.toString()).contains("password=***").doesNotContain("s3cret");
  }

  @Test
  void refuses_a_pool_size_outside_one_to_sixty_four() {
    assertThatThrownBy(() -> StoreConfig.defaults().withMaxPoolSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPoolSize must be 1 to 64, got 0");
  }
}
