package candor.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import candor.app.Main;
import candor.core.access.ApiKeys;
import candor.core.policy.Principal;
import candor.core.policy.Role;
import candor.core.store.StoreConfig;
import candor.core.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code candor keys create|list|revoke} and {@code candor audit verify} run in-process on a data
 * directory, as an operator would before or beside {@code candor serve}. (In this package because
 * the service's tests live here.)
 */
class KeysAndAuditCliTest {

  @TempDir Path data;

  record Run(int exit, String out, String err) {}

  Run candor(String... args) {
    // The shipped models, as the launcher names them: gallery commands open the face engine.
    System.setProperty("candor.home", Path.of(System.getProperty("candor.models.dir",
        "../models")).toAbsolutePath().getParent().toString());
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data";
    all[args.length + 1] = data.toString();
    return new Run(cl.execute(all), out.toString(), err.toString());
  }

  @Test
  void keys_create_prints_the_token_alone_and_it_authenticates() {
    Run run = candor("keys", "create", "--role", "investigator", "--collections", "archive,watch",
        "--name", "alice");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).matches("candor_k[0-9a-f]{12}_[A-Za-z0-9_-]{43}\\R");
    assertThat(run.err()).contains("for alice: role investigator, collections archive,watch");
    String token = run.out().strip();
    try (JdbcStore store = JdbcStore.open(StoreConfig.sqlite(data))) {
      Principal p = new ApiKeys(store).authenticate(token).orElseThrow();
      assertThat(p.role()).isEqualTo(Role.INVESTIGATOR);
      assertThat(p.grant().names()).containsExactly("archive", "watch");
    }
  }

  @Test
  void keys_list_and_revoke() {
    String token = candor("keys", "create", "--role", "admin").out().strip();
    String id = token.split("_")[1];
    Run list = candor("keys", "list");
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains(id).contains("admin").contains("*").contains("active");
    // The secret follows "candor_<id>_" and may itself contain '_' (base64url).
    String secret = token.substring((ApiKeys.TOKEN_PREFIX + id + "_").length());
    assertThat(list.out()).doesNotContain(secret);
    Run revoke = candor("keys", "revoke", id);
    assertThat(revoke.exit()).isZero();
    assertThat(revoke.out()).isEqualTo("revoked key " + id + " (" + id + ")" + System.lineSeparator());
    assertThat(candor("keys", "list").out()).contains("revoked ");
    try (JdbcStore store = JdbcStore.open(StoreConfig.sqlite(data))) {
      assertThat(new ApiKeys(store).authenticate(token)).isEmpty();
    }
    Run unknown = candor("keys", "revoke", "k000000000000");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("API key k000000000000 does not exist");
  }

  @Test
  void keys_create_refuses_bad_roles_and_missing_grants() {
    Run role = candor("keys", "create", "--role", "root");
    assertThat(role.exit()).isEqualTo(2);
    assertThat(role.err()).contains("unknown role 'root', expected one of admin, enroller,"
        + " investigator, supervisor, auditor");
    Run grants = candor("keys", "create", "--role", "enroller");
    assertThat(grants.exit()).isEqualTo(2);
    assertThat(grants.err()).contains("--collections is required for role enroller");
  }

  @Test
  void audit_verify_reports_an_intact_chain() {
    candor("keys", "create", "--role", "admin");
    candor("keys", "create", "--role", "auditor", "--collections", "*");
    Run run = candor("audit", "verify");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("audit chain intact: 2 entries, head at entry 2"
        + System.lineSeparator());
  }

  @Test
  void on_a_postgresql_deployment_keys_and_audit_verify_read_postgresql() throws Exception {
    String base = System.getenv("CANDOR_TEST_PG_URL");
    Assumptions.assumeTrue(base != null && base.isBlank() == false,
        "CANDOR_TEST_PG_URL is not set: skipping the PostgreSQL deployment test");
    String schema = "keys_cli_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try {
      Run first = candor("keys", "create", "--role", "auditor", "--collections", "*", "--name",
          "olga", "--store", "postgres", "--jdbc-url", url);
      assertThat(first.exit()).as(first.err()).isZero();
      // no store option from here on: the data directory's recorded deployment is PostgreSQL
      Run second = candor("keys", "create", "--role", "admin", "--name", "ops");
      assertThat(second.exit()).as(second.err()).isZero();
      Run list = candor("keys", "list");
      assertThat(list.out()).contains("olga").contains("ops");
      Run verify = candor("audit", "verify");
      assertThat(verify.exit()).as(verify.err()).isZero();
      assertThat(verify.out()).startsWith("audit chain intact: 2 entries");
      assertThat(data.resolve(StoreConfig.SQLITE_FILE_NAME)).doesNotExist();
      try (JdbcStore store = JdbcStore.open(StoreConfig.postgresql(url, null, null,
          data.resolve(StoreConfig.DEFAULT_MASTER_KEY_FILE)))) {
        assertThat(store.audit().headSequence()).isEqualTo(2);
        assertThat(new ApiKeys(store).list()).extracting(k -> k.name())
            .containsExactlyInAnyOrder("olga", "ops");
      }
      Run other = candor("audit", "verify", "--store", "sqlite");
      assertThat(other.exit()).isEqualTo(2);
      assertThat(other.err()).contains("--store sqlite differs from this data directory's"
          + " deployment (postgres");
    } finally {
      try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  @Test
  void a_password_in_the_jdbc_url_is_refused_and_never_echoed() {
    Run run = candor("keys", "list", "--store", "postgres", "--jdbc-url",
        "jdbc:postgresql://db:5432/candor?user=u&password=hunter2");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--jdbc-url must not carry a password")
        .contains("CANDOR_DB_PASSWORD").doesNotContain("hunter2");
    assertThat(data.resolve("deployment.json")).doesNotExist();
  }

  @Test
  void a_gallery_command_beside_a_running_server_says_so_in_one_line() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      Path key = Files.writeString(data.resolve("admin.key"), server.adminToken());
      Run run = candor("collections", "--key-file", key.toString());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).startsWith("candor: candor serve is running on " + data)
          .contains("(pid " + ProcessHandle.current().pid() + ", " + server.base())
          .contains("use the service").doesNotContain("Lock").hasLineCount(1);
      Run transparency = candor("audit", "verify");
      assertThat(transparency.exit()).as("the store alone is shared").isZero();
    }
    Run after = candor("transparency", "--key-file", data.resolve("admin.key").toString());
    assertThat(after.exit()).as(after.err()).isZero();
    assertThat(after.out()).startsWith("Transparency report, ").contains("month");
  }
}
