package candor.app.http;

import static candor.app.http.ApiRoute.field;

import candor.core.access.Operations;
import candor.core.policy.Reviews;
import candor.core.policy.Verdict;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /v1/searches/{id}/...} and {@code /v1/reviews/queue}: the candidates of a search and
 * their human review, blind until the reader decides; the probe face kept for the reviewers; the
 * searches waiting for a reviewer. A candidate is identified only when two different users
 * confirm it.
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
            "A search as audited, with each candidate's score, estimate, weakness, source, basis"
                + " and quality, and its decisions and state once the reader has decided on it"
                + " (blind before).", this::list)
            .params(SEARCH_ID).returning(Views.ReviewsView.class),
        ApiRoute.get("/v1/searches/{searchId}/probe", "reviews",
            "The searched face (JPEG), kept sealed for the reviewers until every candidate is"
                + " decided or the probe retention ends; each read is audited.", this::probe)
            .params(SEARCH_ID).producing("image/jpeg"),
        ApiRoute.get("/v1/reviews/queue", "reviews",
            "The searches waiting for the caller's decision, oldest first.", this::queue),
        ApiRoute.post("/v1/searches/{searchId}/candidates/{faceId}/reviews", "reviews",
            "Confirm or reject a candidate with a note.", this::review, ApiRoute.Body.json(
                field("verdict", "string", "confirmed or rejected").example("confirmed"),
                field("note", "string", "why, in the reviewer's words; confirming a weak"
                    + " candidate needs at least " + Reviews.WEAK_REASON_MIN + " characters")
                    .example("same scar above the left eyebrow")), 201)
            .params(SEARCH_ID, field("faceId", "string", "the candidate's public face id"))
            .returning(Views.StatusView.class));
  }

  void list(Context ctx) {
    ctx.json(Views.ReviewsView.of(ops.searches().searchReviews(Auth.principal(ctx),
        ctx.pathParam("searchId")), ops.publicIds()));
  }

  void probe(Context ctx) {
    byte[] probe = ops.searches().probe(Auth.principal(ctx), ctx.pathParam("searchId"));
    ctx.header("Cache-Control", "no-store").contentType("image/jpeg").result(probe);
  }

  void queue(Context ctx) {
    ctx.json(ops.searches().reviewQueue(Auth.principal(ctx)).stream()
        .map(Views.QueueEntryView::of).toList());
  }

  void review(Context ctx) {
    ReviewBody body = Edge.body(ctx, ReviewBody.class);
    ctx.status(201).json(Views.StatusView.of(ops.searches().review(Auth.principal(ctx),
        ctx.pathParam("searchId"), ctx.pathParam("faceId"), Verdict.parse(body.verdict()),
        body.note()), ops.publicIds()));
  }
}
