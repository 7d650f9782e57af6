package candor.app.http;

import candor.core.gallery.Gallery;
import candor.core.gallery.IngestSummary;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics: search latency (a histogram), ingest counters, the index size,
 * and the latency of every request by route and status. Aggregates only: no actor, case or face.
 *
 * <p>Thread-safe.
 */
final class Metrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer search;
  private final Counter photos;
  private final Counter faces;
  private final Counter failed;
  private final Counter duplicates;

  Metrics(Gallery gallery) {
    search = Timer.builder("candor.search")
        .description("1:N search latency, probe analysis included")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    photos = Counter.builder("candor.ingest.photos").description("photos stored by ingest and"
        + " enrolment").register(registry);
    faces = Counter.builder("candor.ingest.faces").description("faces stored").register(registry);
    failed = Counter.builder("candor.ingest.failed").description("photos that failed to ingest")
        .register(registry);
    duplicates = Counter.builder("candor.ingest.duplicates")
        .description("photos skipped as already stored").register(registry);
    Gauge.builder("candor.index.faces", gallery, g -> g.indexStats().count())
        .description("faces searchable in the vector index").register(registry);
    Gauge.builder("candor.index.bytes", gallery, g -> g.indexStats().bytesOnDisk())
        .description("size of the vector index on disk").baseUnit("bytes").register(registry);
  }

  /** Times a search. */
  <T> T timeSearch(Supplier<T> work) {
    return search.record(work);
  }

  /** Counts what an ingest stored and failed. */
  void ingested(IngestSummary summary) {
    photos.increment(summary.mediaStored());
    faces.increment(summary.faces());
    failed.increment(summary.errors().size());
    duplicates.increment(summary.skippedDuplicates());
  }

  /** The after-filter: times the request by its route template (not its raw path) and status. */
  void request(Context ctx) {
    Long start = ctx.attribute("candor.start");
    if (start == null) {
      return;
    }
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      route = "unmatched";
    }
    Timer.builder("candor.http.requests")
        .tag("method", ctx.method().name())
        .tag("route", route == null || route.isEmpty() ? "unmatched" : route)
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(registry)
        .record(Duration.ofNanos(System.nanoTime() - start));
  }

  /** Returns the metrics in the Prometheus text format. */
  String scrape() {
    return registry.scrape();
  }
}
