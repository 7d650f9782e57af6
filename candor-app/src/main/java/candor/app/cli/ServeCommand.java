package candor.app.cli;

import candor.app.http.CandorServer;
import candor.app.http.Logging;
import candor.core.audit.CheckpointSigner;
import candor.core.eval.DemographicMeasurements;
import candor.core.policy.PolicyConfig;
import candor.core.policy.Reviews;
import candor.vision.FacePipeline;
import candor.vision.pack.ModelPack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candor serve}: the HTTP API and web UI, on the embedded defaults (SQLite and a Lucene
 * index in the data directory) or on PostgreSQL and SolrCloud ({@link GalleryOptions}). On first
 * start it issues an admin API key and prints it once.
 * Stops gracefully on SIGINT/SIGTERM.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the Candor service: REST API under /v1, web UI at /, OpenAPI at",
        "/openapi.json, Prometheus metrics at /metrics. The first start prints an admin API key",
        "once (only its hash is kept); issue more with `candor keys create`."})
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin EngineOptions engine;
  @Mixin GalleryOptions gallery;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "Port to listen on; 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every"
          + " interface, behind a TLS proxy).")
  String host;

  @Option(names = "--max-failed-auth", paramLabel = "N", defaultValue = "10",
      description = "Failed authentications a client address may make in a minute before it is"
          + " answered 429 with Retry-After (default: ${DEFAULT-VALUE}). Failures are logged"
          + " without the key and audited in aggregate every minute.")
  int maxFailedAuth;

  @Option(names = "--purpose", paramLabel = "ID", split = ",",
      description = "Search purposes this deployment allows (default: all of the closed list, or"
          + " the list a previous serve recorded). Recorded in the data directory, so the"
          + " command line's searches obey it too.")
  List<String> purposes;

  @Option(names = "--signing-key", paramLabel = "FILE",
      defaultValue = "${env:CANDOR_AUDIT_SIGNING_KEY}",
      description = "Sign audit checkpoints with this key (from `candor audit keygen`, outside"
          + " the data directory); default: $CANDOR_AUDIT_SIGNING_KEY. Without a key the server"
          + " signs none.")
  Path signingKey;

  @Option(names = "--checkpoint-every", paramLabel = "DURATION", defaultValue = "1h",
      converter = DurationConverter.class,
      description = "How often to sign a checkpoint when the audit log moved since the last,"
          + " such as 30m, 1h, 1d or PT1H (default: ${DEFAULT-VALUE}); also once at start.")
  Duration checkpointEvery;

  @Option(names = "--checkpoint-hook", paramLabel = "CMD",
      description = "Run CMD with each receipt the schedule signs, its file path appended as the"
          + " last argument (CMD is split at spaces, no shell): to copy receipts to another"
          + " server, a Git repository, a mailbox.")
  String checkpointHook;

  @Option(names = "--review-threshold", paramLabel = "FMR",
      description = "Estimated false match rate above which a candidate is weak: greyed for"
          + " reviewers, and confirming it needs a reason of at least "
          + Reviews.WEAK_REASON_MIN + " characters; uncalibrated candidates are weak too"
          + " (default: 1e-3, or what a previous serve recorded). Recorded in the data"
          + " directory, so the command line's searches obey it too.")
  Double reviewThreshold;

  @Option(names = "--probe-retention", paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Longest a search's probe face is kept, sealed, for its reviewers, such as"
          + " 30d or P30D; it is deleted sooner when every candidate is decided (default: 30d, or"
          + " what a previous serve recorded). Recorded in the data directory.")
  Duration probeRetention;

  @Option(names = "--require-demographics",
      description = "Refuse to start unless the model pack has a recorded demographic measurement of its"
          + " templates (`candor eval demographics ... --record`).")
  boolean requireDemographics;

  @Override
  public Integer call() throws InterruptedException {
    if (requireDemographics) {
      // The pack serve will run: the gallery's current one once a deployment is recorded (a
      // first start must create nothing before refusing).
      String pack = java.nio.file.Files.exists(data.data().resolve(Deployment.FILE_NAME))
          ? engine.packFor(EngineOptions.recordedPack(gallery.config(data)), data)
          : engine.packName();
      new DemographicMeasurements(data.data()).require(pack,
          ModelPack.named(pack, EngineOptions.storeDirs(data)).templateModelId());
    }
    Logging.defaults();
    PrintWriter out = spec.commandLine().getOut();
    candor.core.gallery.GalleryConfig galleryConfig = gallery.config(data);
    // The policy choices given here are recorded, so the command line obeys them too.
    gallery.recordPolicy(data, purposes, reviewThreshold, probeRetention);
    PolicyConfig policy = gallery.policy(data);
    CountDownLatch stopped = new CountDownLatch(1);
    CandorServer.Checkpointing checkpoints = checkpointing();
    try (FacePipeline pipeline = engine.openFor(data, EngineOptions.recordedPack(galleryConfig))) {
      CandorServer server = CandorServer.start(new CandorServer.Config(data.data(), host, port,
          policy, Duration.ofDays(1), maxFailedAuth, checkpoints), galleryConfig, pipeline,
          engine.loader());
      server.firstAdminKey().ifPresent(key -> {
        out.println("First start: created admin API key " + key.key().id()
            + ". It is shown once; only its SHA-256 is stored:");
        out.println();
        out.println("  " + key.token());
        out.println();
      });
      if (checkpoints.signer() != null) {
        out.println("Signing audit checkpoints every " + checkpointEvery.toString().substring(2)
            .toLowerCase(java.util.Locale.ROOT) + " with key " + checkpoints.signer().keyId()
            + (checkpoints.hook().isEmpty() ? "" : ", each passed to " + checkpointHook));
      }
      String shown = host.equals("0.0.0.0") ? "localhost" : host;
      out.println("Candor is serving " + data.data().toAbsolutePath() + " on http://" + shown
          + ":" + server.port() + "/ (API /v1, docs /docs, metrics /metrics); Ctrl-C stops it.");
      out.flush();
      // The server stops (gracefully, then closing the gallery) when the JVM is asked to exit.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }, "candor-shutdown"));
      stopped.await();
    }
    return ExitCodes.OK;
  }

  /**
   * The checkpoint settings: none without a signing key.
   *
   * @throws IllegalArgumentException if a hook is given without a key, or the key is unusable
   */
  CandorServer.Checkpointing checkpointing() {
    List<String> hook = checkpointHook == null || checkpointHook.isBlank() ? List.of()
        : List.of(checkpointHook.strip().split("\\s+"));
    if (signingKey == null || signingKey.toString().isBlank()) {
      if (hook.isEmpty() == false) {
        throw new IllegalArgumentException("--checkpoint-hook needs --signing-key FILE (or"
            + " CANDOR_AUDIT_SIGNING_KEY)");
      }
      return CandorServer.Checkpointing.NONE;
    }
    return new CandorServer.Checkpointing(CheckpointSigner.load(signingKey, data.data()),
        checkpointEvery, hook);
  }

  /** Reads {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d} or ISO-8601 ({@code PT1H}). */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.strip().toLowerCase(java.util.Locale.ROOT);
      try {
        if (v.startsWith("p")) {
          return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
        }
        if (v.matches("[0-9]+[smhd]")) {
          long n = Long.parseLong(v.substring(0, v.length() - 1));
          return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
        }
      } catch (ArithmeticException | java.time.format.DateTimeParseException
          | NumberFormatException e) {
        // reported below
      }
      throw new CommandLine.TypeConversionException(
          "expected a duration such as 30m, 1h, 1d or PT1H, got '" + value + "'");
    }
  }
}
