package candor.app.http;

import candor.core.access.Operations;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /healthz} (public), {@code /metrics} (Prometheus) and {@code /openapi.json} (public: it
 * describes the API, it holds no data).
 */
final class SystemRoutes {

  private final Operations ops;
  private final Metrics metrics;
  private final Supplier<Map<String, Object>> openApi;

  SystemRoutes(Services services, Supplier<Map<String, Object>> openApi) {
    this.ops = services.operations();
    this.metrics = services.metrics();
    this.openApi = openApi;
  }

  /**
   * The liveness answer.
   *
   * @param status {@code ok} while the server runs
   */
  record Health(String status) {}

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/healthz", "system", "Liveness: 200 while the server runs (no key needed).",
            this::health).returning(Health.class).keyless(),
        ApiRoute.get("/metrics", "system", "Prometheus metrics (any role's key).", this::metrics)
            .producing("text/plain"),
        ApiRoute.get("/openapi.json", "system",
            "This API's OpenAPI 3 document (no key needed).", this::openApi)
            .returning(Map.class).keyless());
  }

  void health(Context ctx) {
    ctx.json(new Health("ok"));
  }

  void metrics(Context ctx) {
    ops.audit().checkMetrics(Auth.principal(ctx));
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  void openApi(Context ctx) {
    ctx.json(openApi.get());
  }
}
