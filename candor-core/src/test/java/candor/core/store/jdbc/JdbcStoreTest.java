package candor.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import candor.core.store.StoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening and closing the store, independent of a database server. */
final class JdbcStoreTest {

  @TempDir Path dir;

  @Test
  void names_the_database_it_cannot_reach() {
    StoreConfig config = StoreConfig.postgresql("jdbc:postgresql://127.0.0.1:1/candor", "u", "p",
        dir.resolve("master.key"));
    assertThatThrownBy(() -> JdbcStore.open(config))
        .isInstanceOf(StatementFailedException.class)
        .hasMessageStartingWith("database operation 'connect to jdbc:postgresql://127.0.0.1:1/"
            + "candor' failed: ");
    assertThat(dir.resolve("master.key")).doesNotExist();
  }

  @Test
  void refuses_use_after_close() {
    JdbcStore store = JdbcStore.open(StoreConfig.sqlite(dir));
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(store::gallery)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the store is closed");
    assertThatThrownBy(() -> store.inTransaction(tx -> 1))
        .isInstanceOf(IllegalStateException.class);
  }
}
