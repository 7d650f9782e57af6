package candor.core.store.jdbc;

import candor.core.store.JdbcUrls;
import java.sql.SQLException;

/** The databases the store runs on, and what differs between them. */
enum Vendor {
  SQLITE("sqlite", "BLOB"),
  POSTGRESQL("postgresql", "BYTEA");

  private final String migrationFolder;
  private final String blobType;

  Vendor(String migrationFolder, String blobType) {
    this.migrationFolder = migrationFolder;
    this.blobType = blobType;
  }

  static Vendor of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException("unsupported JDBC URL '" + JdbcUrls.redact(jdbcUrl) + "'");
  }

  /** The classpath folder of this vendor's own migrations, beside {@code common}. */
  String migrationFolder() {
    return migrationFolder;
  }

  /** The column type for binary data, the {@code ${blob}} placeholder of the migrations. */
  String blobType() {
    return blobType;
  }

  /** Whether {@code e} reports a unique or primary key violation. */
  boolean isUniqueViolation(SQLException e) {
    return switch (this) {
      case POSTGRESQL -> "23505".equals(e.getSQLState());
      // SQLITE_CONSTRAINT is 19; extended codes keep it in the low byte.
      case SQLITE ->
          (e.getErrorCode() & 0xff) == 19
              && e.getMessage() != null
              && e.getMessage().contains("UNIQUE");
    };
  }
}
