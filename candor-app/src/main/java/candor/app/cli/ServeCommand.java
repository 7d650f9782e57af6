package candor.app.cli;

import candor.app.http.CandorServer;
import candor.app.http.Logging;
import candor.core.eval.DemographicMeasurements;
import candor.core.policy.PolicyConfig;
import candor.vision.FacePipeline;
import candor.vision.pack.ModelPack;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Option(names = "--purpose", paramLabel = "ID", split = ",",
      description = "Search purposes this deployment allows (default: all of the closed list).")
  List<String> purposes;

  @Option(names = "--require-demographics",
      description = "Refuse to start unless the model pack has a recorded demographic measurement of its"
          + " templates (`candor eval demographics ... --record`).")
  boolean requireDemographics;

  @Override
  public Integer call() throws InterruptedException {
    if (requireDemographics) {
      new DemographicMeasurements(data.data()).require(engine.pack,
          ModelPack.named(engine.pack, EngineOptions.storeDirs(data)).templateModelId());
    }
    Logging.defaults();
    PrintWriter out = spec.commandLine().getOut();
    PolicyConfig policy = purposes == null ? PolicyConfig.defaults()
        : PolicyConfig.defaults().withPurposes(purposes);
    CountDownLatch stopped = new CountDownLatch(1);
    candor.core.gallery.GalleryConfig galleryConfig = gallery.config(data);
    try (FacePipeline pipeline = engine.open(data)) {
      CandorServer server = CandorServer.start(new CandorServer.Config(data.data(), host, port,
          policy, Duration.ofDays(1)), galleryConfig, pipeline, engine.loader());
      server.firstAdminKey().ifPresent(key -> {
        out.println("First start: created admin API key " + key.key().id()
            + ". It is shown once; only its SHA-256 is stored:");
        out.println();
        out.println("  " + key.token());
        out.println();
      });
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
}
