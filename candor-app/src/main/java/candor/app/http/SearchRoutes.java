package candor.app.http;

import static candor.app.http.ApiRoute.field;
import static candor.app.http.ApiRoute.optional;

import candor.core.access.Operations;
import candor.core.access.SearchAsk;
import candor.core.eval.FaceChoice;
import candor.core.gallery.FaceAt;
import candor.core.gallery.FaceSelector;
import candor.core.gallery.SearchMode;
import candor.core.gallery.SearchQuery;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code /v1/search}: 1:N search for a purpose and a case, giving candidates for review. */
final class SearchRoutes {

  private final Operations ops;
  private final Uploads uploads;
  private final Metrics metrics;

  SearchRoutes(Services services, Uploads uploads) {
    this.ops = services.operations();
    this.uploads = uploads;
    this.metrics = services.metrics();
  }

  List<ApiRoute> routes() {
    return List.of(ApiRoute.post("/v1/search", "search",
        "Search collections with a probe photo for a purpose and a case; several collections"
            + " or all need a supervisor's approval recorded first.", this::search,
        ApiRoute.Body.multipart(
            field("photo", "file", "the probe photo (its SHA-256 is audited; only a crop of the"
                + " searched face is kept, sealed, for the reviewers)"),
            field("purpose", "string", "from the closed list (see /v1/session)")
                .example("missing-person"),
            field("case", "string", "the case reference").example("MP-2026-0141"),
            field("collections", "string", "comma-separated names, or * for all")
                .example("archive"),
            optional("k", "integer", "candidates to return, 1 to 100, default 10").example(10),
            optional("by", "string", "subject (default: each subject once, with its best-matching"
                + " face) or face (every matching face)").example("subject"),
            optional("face", "string", "which face of a photo with several to search with:"
                + " x,y,width,height of a box POST /v1/detect returned for it (default: the"
                + " largest face)").example("242,135,82,116")), 200)
        .returning(Views.SearchView.class));
  }

  void search(Context ctx) {
    List<String> collections = new ArrayList<>();
    for (String value : ctx.formParams("collections")) {
      for (String name : value.split(",")) {
        if (name.isBlank() == false) {
          collections.add(name.strip());
        }
      }
    }
    String k = ctx.formParam("k");
    int candidates;
    try {
      candidates = k == null || k.isBlank() ? SearchQuery.DEFAULT_K : Integer.parseInt(k.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestResponse("k must be a whole number, got '" + Edge.abbreviate(k) + "'");
    }
    String by = ctx.formParam("by");
    SearchMode mode = by == null || by.isBlank() ? SearchMode.SUBJECT : SearchMode.parse(by);
    String face = ctx.formParam("face");
    FaceSelector probeFace = face == null || face.isBlank() ? FaceChoice.LARGEST
        : FaceAt.parse(face);
    SearchAsk ask = new SearchAsk(ctx.formParam("purpose"), ctx.formParam("case"), collections,
        candidates, uploads.one(ctx, "photo"), probeFace, mode);
    ctx.json(Views.SearchView.of(metrics.timeSearch(() -> ops.searches().search(
        Auth.principal(ctx), ask)), ops.policy().config(), ops.publicIds()));
  }
}
