package candor.app.http;

import static candor.app.http.ApiRoute.field;

import candor.core.access.Operations;
import candor.core.policy.Verdict;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /v1/searches/{id}/...}: the candidates of a search and their human review; a candidate
 * is identified only when two different users confirm it.
 */
final class ReviewRoutes {

  /** The {@code {searchId}} path parameter. */
  private static final ApiRoute.Field SEARCH_ID =
      field("searchId", "string", "the search's id, as its result gives it");

  private final Operations ops;

  ReviewRoutes(Services services) {
    this.ops = services.operations();
  }

  record ReviewBody(String verdict, String note) {}

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/v1/searches/{searchId}/reviews", "reviews",
            "A search as audited, with each candidate's reviews and state.", this::list)
            .params(SEARCH_ID).returning(Views.ReviewsView.class),
        ApiRoute.post("/v1/searches/{searchId}/candidates/{faceId}/reviews", "reviews",
            "Confirm or reject a candidate with a note.", this::review, ApiRoute.Body.json(
                field("verdict", "string", "confirmed or rejected").example("confirmed"),
                field("note", "string", "why, in the reviewer's words")
                    .example("same scar above the left eyebrow")), 201)
            .params(SEARCH_ID, field("faceId", "integer", "the candidate's face id"))
            .returning(Views.StatusView.class));
  }

  void list(Context ctx) {
    Operations.SearchReviews r = ops.searchReviews(Auth.principal(ctx), ctx.pathParam("searchId"));
    ctx.json(new Views.ReviewsView(Views.SearchRecordView.of(r.search()),
        r.candidates().stream().map(Views.StatusView::of).toList()));
  }

  void review(Context ctx) {
    long faceId = ctx.pathParamAsClass("faceId", Long.class).get();
    ReviewBody body = Edge.body(ctx, ReviewBody.class);
    ctx.status(201).json(Views.StatusView.of(ops.review(Auth.principal(ctx),
        ctx.pathParam("searchId"), faceId, Verdict.parse(body.verdict()), body.note())));
  }
}
