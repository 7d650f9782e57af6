package candor.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.MultipartConfigElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The HTTP API, configured in one place: JSON, limits, the auth filter, the routes of every
 * resource (handlers are method references of one class per resource) behind the request checks
 * of {@link Edge}, problem+json errors (Jetty's own included), metrics, the OpenAPI document and
 * the web UI's static files.
 */
public final class HttpApi {

  /** The API version in the OpenAPI document. */
  static final String VERSION = "1.0.0";

  private HttpApi() {}

  /**
   * Configures a Javalin server for Candor.
   *
   * @param config the server's configuration, before it starts
   * @param services what the routes call
   * @return the routes registered, in order
   */
  static List<ApiRoute> configure(JavalinConfig config, Services services) {
    ObjectMapper mapper = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    config.jsonMapper(new JavalinJackson(mapper, false));
    config.showJavalinBanner = false;
    config.http.defaultContentType = "application/json";

    Uploads uploads = new Uploads(services.loader());
    // Uploads stay in memory (no temporary files of face photos); the body is capped before it
    // is read, while it streams and each file again before it is decoded (see Uploads, Edge).
    config.http.maxRequestSize = uploads.maxRequestBytes();
    MultipartConfigElement multipart = uploads.config();
    config.jetty.multipartConfig.maxFileSize(multipart.getMaxFileSize(), SizeUnit.BYTES);
    config.jetty.multipartConfig.maxInMemoryFileSize(multipart.getFileSizeThreshold(),
        SizeUnit.BYTES);
    config.jetty.multipartConfig.maxTotalRequestSize(multipart.getMaxRequestSize(),
        SizeUnit.BYTES);
    config.jetty.modifyServletContextHandler(handler -> {
      handler.setMaxFormContentSize(Uploads.MAX_FORM_TEXT_BYTES);
      handler.setMaxFormKeys(Uploads.MAX_PARTS);
      handler.setErrorHandler(new JettyErrors());
    });
    config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));

    config.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = "/web";
      files.location = Location.CLASSPATH;
      files.headers = Map.of("Cache-Control", "no-cache",
          "Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:;"
              + " style-src 'self'; script-src 'self'; frame-ancestors 'none'",
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer");
      // Jetty names no charset for these by itself ("charset=null"); the files are UTF-8.
      files.mimeTypes.add("text/html; charset=utf-8", "html");
      files.mimeTypes.add("text/javascript; charset=utf-8", "js");
      files.mimeTypes.add("text/css; charset=utf-8", "css");
    });

    List<ApiRoute> routes = new ArrayList<>();
    List<ApiRoute> published = new ArrayList<>();
    SystemRoutes system = new SystemRoutes(services,
        () -> OpenApi.document(published, VERSION, mapper, uploads));
    routes.addAll(system.routes());
    routes.addAll(new KeyRoutes(services).routes());
    routes.addAll(new CollectionRoutes(services).routes());
    routes.addAll(new SubjectRoutes(services, uploads).routes());
    routes.addAll(new MediaRoutes(services, uploads).routes());
    routes.addAll(new EngineRoutes(services, uploads).routes());
    routes.addAll(new SearchRoutes(services, uploads).routes());
    routes.addAll(new ApprovalRoutes(services).routes());
    routes.addAll(new ReviewRoutes(services).routes());
    routes.addAll(new CaseRoutes(services).routes());
    routes.addAll(new AuditRoutes(services).routes());
    routes.addAll(new ReportRoutes(services).routes());
    routes.addAll(new RequestRoutes(services, uploads).routes());
    published.addAll(routes);

    Auth auth = new Auth(services.operations().keys(), services.throttle());
    Set<String> open = routes.stream().filter(ApiRoute::open).map(ApiRoute::path)
        .collect(Collectors.toUnmodifiableSet());
    Edge edge = new Edge(mapper, uploads);
    Problems.configure(config);
    config.router.mount(router -> {
      router.before(ctx -> {
        ctx.attribute("candor.start", System.nanoTime());
        // API answers hold personal data: never cached, never sniffed into another type. (The
        // static files set their own Cache-Control.)
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
      });
      router.before(ctx -> {
        if (open.contains(ctx.path()) == false) {
          auth.authenticate(ctx);
        }
      });
      router.after(services.metrics()::request);
      for (ApiRoute route : routes) {
        router.addHttpHandler(route.method(), route.path(), edge.guard(route));
      }
      router.addHttpHandler(HandlerType.GET, "/docs", ctx -> ctx.redirect("/docs.html"));
    });
    return List.copyOf(routes);
  }
}
