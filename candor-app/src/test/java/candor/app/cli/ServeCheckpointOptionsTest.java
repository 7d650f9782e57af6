package candor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import candor.app.http.CandorServer;
import candor.core.audit.CheckpointSigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The checkpoint options of {@code candor serve} as parsed (the server itself starts in the HTTP
 * tests): the key, its environment variable, the interval's forms and the hook.
 */
class ServeCheckpointOptionsTest {

  @TempDir Path root;

  ServeCommand parse(Object... args) {
    String[] strings = new String[args.length + 2];
    for (int i = 0; i < args.length; i++) {
      strings[i] = args[i].toString();
    }
    strings[args.length] = "--data";
    strings[args.length + 1] = root.resolve("data").toString();
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(strings);
    return serve;
  }

  @Test
  void without_a_key_the_server_signs_no_checkpoint_and_the_interval_is_an_hour() {
    assumeTrue(System.getenv("CANDOR_AUDIT_SIGNING_KEY") == null,
        "CANDOR_AUDIT_SIGNING_KEY is set in this environment");
    ServeCommand serve = parse();
    assertThat(serve.signingKey).isNull();
    assertThat(serve.checkpointEvery).isEqualTo(Duration.ofHours(1));
    assertThat(serve.checkpointing()).isEqualTo(CandorServer.Checkpointing.NONE);
  }

  @Test
  void the_interval_takes_short_and_iso_forms() {
    assertThat(parse("--checkpoint-every", "45s").checkpointEvery).hasSeconds(45);
    assertThat(parse("--checkpoint-every", "30m").checkpointEvery).hasMinutes(30);
    assertThat(parse("--checkpoint-every", "2d").checkpointEvery).hasDays(2);
    assertThat(parse("--checkpoint-every", "PT90M").checkpointEvery).hasMinutes(90);
  }

  @Test
  void a_bad_interval_is_a_usage_error_that_says_what_is_expected() {
    Cli.Run run = Cli.run("serve", "--checkpoint-every", "soon", "--data", root);
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("expected a duration such as 30m, 1h, 1d or PT1H, got 'soon'");
  }

  @Test
  void a_hook_needs_a_signing_key() {
    assumeTrue(System.getenv("CANDOR_AUDIT_SIGNING_KEY") == null,
        "CANDOR_AUDIT_SIGNING_KEY is set in this environment");
    ServeCommand serve = parse("--checkpoint-hook", "cp");
    assertThatThrownBy(serve::checkpointing).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--checkpoint-hook needs --signing-key FILE (or CANDOR_AUDIT_SIGNING_KEY)");
  }

  @Test
  void a_key_gives_the_schedule_its_signer_interval_and_hook() {
    Path key = root.resolve("keys").resolve("audit.key");
    CheckpointSigner made = CheckpointSigner.generate(key, root.resolve("data"));
    CandorServer.Checkpointing checkpoints = parse("--signing-key", key, "--checkpoint-every",
        "15m", "--checkpoint-hook", "git -C /srv/receipts  add").checkpointing();
    assertThat(checkpoints.signer().keyId()).isEqualTo(made.keyId());
    assertThat(checkpoints.every()).hasMinutes(15);
    assertThat(checkpoints.hook()).isEqualTo(List.of("git", "-C", "/srv/receipts", "add"));
  }

  @Test
  void a_key_inside_the_data_directory_is_refused() {
    Path outside = root.resolve("audit.key");
    CheckpointSigner.generate(outside, root.resolve("data"));
    Path inside = root.resolve("data").resolve("audit.key");
    try {
      java.nio.file.Files.createDirectories(inside.getParent());
      java.nio.file.Files.copy(outside, inside);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThatThrownBy(() -> parse("--signing-key", inside).checkpointing())
        .hasMessageContaining("is inside the data directory");
  }
}
