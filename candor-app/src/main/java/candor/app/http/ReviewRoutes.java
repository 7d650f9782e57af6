package candor.app.http;

import static candor.app.http.ApiRoute.field;

import candor.core.access.Operations;
import candor.core.access.SearchOperations;
import candor.core.policy.Verdict;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /v1/searches/{id}/...}: the candidates of a search and their human review; a candidate
 * is identified only when two different users confirm it.
 */
final class ReviewRoutes {

  private final Operations ops;

  ReviewRoutes(Services services) {
    this.ops = services.operations();
  }

  record ReviewBody(String verdict, String note) {}

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/v1/searches/{searchId}/reviews", "reviews",
            "A search as audited, with each candidate's reviews and state.", this::list),
        ApiRoute.post("/v1/searches/{searchId}/candidates/{faceId}/reviews", "reviews",
            "Confirm or reject a candidate with a note.", this::review, ApiRoute.Body.json(
                field("verdict", "string", "confirmed or rejected"),
                field("note", "string", "why, in the reviewer's words")), 201));
  }

  void list(Context ctx) {
    SearchOperations.SearchReviews r = ops.searches().searchReviews(Auth.principal(ctx), ctx.pathParam("searchId"));
    ctx.json(new Views.ReviewsView(Views.SearchRecordView.of(r.search()),
        r.candidates().stream().map(Views.StatusView::of).toList()));
  }

  void review(Context ctx) {
    long faceId = ctx.pathParamAsClass("faceId", Long.class).get();
    ReviewBody body = ctx.bodyAsClass(ReviewBody.class);
    ctx.status(201).json(Views.StatusView.of(ops.searches().review(Auth.principal(ctx),
        ctx.pathParam("searchId"), faceId, Verdict.parse(body.verdict()), body.note())));
  }
}
