package candor.app.http;

import candor.core.access.Operations;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code /healthz} (public), {@code /metrics} (Prometheus) and {@code /openapi.json}. */
final class SystemRoutes {

  private final Operations ops;
  private final Metrics metrics;
  private final Supplier<Map<String, Object>> openApi;

  SystemRoutes(Services services, Supplier<Map<String, Object>> openApi) {
    this.ops = services.operations();
    this.metrics = services.metrics();
    this.openApi = openApi;
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/healthz", "system", "Liveness: 200 while the server runs (no key needed).",
            this::health),
        ApiRoute.get("/metrics", "system", "Prometheus metrics (any role's key).", this::metrics)
            .producing("text/plain"),
        ApiRoute.get("/openapi.json", "system", "This API's OpenAPI 3 document.", this::openApi));
  }

  void health(Context ctx) {
    ctx.json(Map.of("status", "ok"));
  }

  void metrics(Context ctx) {
    ops.audit().checkMetrics(Auth.principal(ctx));
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  void openApi(Context ctx) {
    Auth.principal(ctx);
    ctx.json(openApi.get());
  }
}
