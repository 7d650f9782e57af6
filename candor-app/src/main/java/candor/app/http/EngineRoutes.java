package candor.app.http;

import static candor.app.http.ApiRoute.field;

import candor.core.access.Comparison;
import candor.core.access.Operations;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v1/detect} and {@code /v1/compare}: the face engine on uploaded photos; nothing kept. */
final class EngineRoutes {

  private final Operations ops;
  private final Uploads uploads;

  EngineRoutes(Services services, Uploads uploads) {
    this.ops = services.operations();
    this.uploads = uploads;
  }

  record ComparisonView(float similarity, Double fmr, String fmrText, String modelId,
      Views.Box boxA, Views.Box boxB) {
    static ComparisonView of(Comparison c) {
      return new ComparisonView(c.similarity(), c.fmr() == null ? null : c.fmr().fmr(),
          c.fmr() == null ? null : c.fmr().toString(), c.modelId(), Views.Box.of(c.boxA()),
          Views.Box.of(c.boxB()));
    }
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post("/v1/detect", "engine", "Detect faces in a photo (nothing is stored).",
            this::detect, ApiRoute.Body.multipart(field("photo", "file", "the photo")), 200)
            .returning(Views.DetectView.class),
        ApiRoute.post("/v1/compare", "engine",
            "Compare the largest faces of two photos 1:1 (nothing is stored).", this::compare,
            ApiRoute.Body.multipart(field("a", "file", "the first photo"),
                field("b", "file", "the second photo")), 200)
            .returning(ComparisonView.class));
  }

  void detect(Context ctx) {
    ctx.json(Views.DetectView.of(ops.engine().detect(Auth.principal(ctx), uploads.one(ctx, "photo"))));
  }

  void compare(Context ctx) {
    ctx.json(ComparisonView.of(ops.engine().compare(Auth.principal(ctx), uploads.one(ctx, "a"),
        uploads.one(ctx, "b"))));
  }
}
