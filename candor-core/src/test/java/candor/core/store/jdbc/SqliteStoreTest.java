package candor.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import candor.core.model.Face;
import candor.core.model.Subject;
import candor.core.store.IngestBatch;
import candor.core.store.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What only SQLite needs: pragmas, WAL truncation and overwriting of erased data. */
final class SqliteStoreTest extends StoreTestCase {

  @Override
  Vendor vendor() {
    return Vendor.SQLITE;
  }

  @Test
  void connections_run_with_wal_secure_delete_foreign_keys_and_a_busy_timeout() {
    assertThat(pragma("journal_mode")).isEqualTo("wal");
    assertThat(pragma("secure_delete")).isEqualTo("1");
    assertThat(pragma("foreign_keys")).isEqualTo("1");
    assertThat(pragma("busy_timeout"))
        .isEqualTo(Long.toString(StoreConfig.DEFAULT_BUSY_TIMEOUT.toMillis()));
  }

  @Test
  void creates_the_database_and_a_private_master_key_file_in_the_data_directory()
      throws IOException {
    Path data = dir.resolve("data");
    assertThat(data.resolve("candor.db")).isRegularFile();
    Path key = data.resolve("keys").resolve("master.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void erasure_truncates_the_wal_and_leaves_no_ciphertext_in_the_database_file()
      throws Exception {
    createCollection("gallery");
    Subject subject = fixtures.subject("gallery");
    Face face = gallery().ingest(new IngestBatch(fixtures.media("gallery"), List.of(subject),
        List.of(fixtures.face(subject.id())))).faces().getFirst();
    byte[] sealed = column("SELECT template FROM faces WHERE id = ?", face.id());
    byte[] wrappedKey =
        column("SELECT wrapped FROM data_keys WHERE owner = ?", "subject:" + subject.id());
    store.checkpoint("test");
    Path file = dir.resolve("data").resolve("candor.db");
    assertThat(indexOf(Files.readAllBytes(file), sealed)).isNotNegative();

    gallery().eraseSubject(subject.id());

    Path wal = dir.resolve("data").resolve("candor.db-wal");
    assertThat(Files.size(wal)).isZero();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(indexOf(bytes, sealed)).as("sealed template in the file").isNegative();
    assertThat(indexOf(bytes, wrappedKey)).as("wrapped data key in the file").isNegative();
  }

  private String pragma(String name) {
    return store.read("test", c -> {
      try (Statement s = c.createStatement(); ResultSet row = s.executeQuery("PRAGMA " + name)) {
        row.next();
        return row.getString(1);
      }
    });
  }

  private byte[] column(String sql, Object arg) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, arg);
      try (ResultSet row = s.executeQuery()) {
        row.next();
        return row.getBytes(1);
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    // Only a 32-byte window of the needle: enough to be unique, and robust to page splits.
    int n = Math.min(32, needle.length);
    outer:
    for (int i = 0; i + n <= haystack.length; i++) {
      for (int j = 0; j < n; j++) {
        if (haystack[i + j] != needle[needle.length - n + j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
