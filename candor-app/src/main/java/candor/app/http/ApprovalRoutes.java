package candor.app.http;

import static candor.app.http.ApiRoute.field;
import static candor.app.http.ApiRoute.optional;

import candor.core.access.Operations;
import candor.core.gallery.SearchPurpose;
import candor.core.policy.ApprovalRequest;
import candor.core.policy.CollectionGrant;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;

/** {@code /v1/approvals}: supervisors approve searches spanning several collections. */
final class ApprovalRoutes {

  private final Operations ops;

  ApprovalRoutes(Services services) {
    this.ops = services.operations();
  }

  record ApprovalBody(String caseRef, String purpose, List<String> collections,
      String investigator, String note, Integer validDays) {}

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post("/v1/approvals", "approvals",
            "Approve multi-collection searches for a case (supervisor); recorded before the"
                + " search.", this::approve, ApiRoute.Body.json(
                field("caseRef", "string", "the case").example("MP-2026-0141"),
                field("purpose", "string", "the purpose").example("missing-person"),
                field("collections", "array", "at least two names, or [\"*\"]")
                    .example(List.of("archive", "watch")),
                optional("investigator", "string", "the only user who may run them")
                    .example("alice"),
                field("note", "string", "why").example("the child may be in either"),
                optional("validDays", "integer", "days it lasts, default 7").example(7)), 201)
            .returning(Views.ApprovalView.class),
        ApiRoute.get("/v1/approvals", "approvals", "List approvals in force, or a case's.",
            this::list, optional("case", "string", "only this case's approvals"))
            .returningListOf(Views.ApprovalView.class));
  }

  void approve(Context ctx) {
    ApprovalBody body = Edge.body(ctx, ApprovalBody.class);
    int days = body.validDays() == null ? 7 : body.validDays();
    ctx.status(201).json(Views.ApprovalView.of(ops.searches().approve(Auth.principal(ctx),
        new ApprovalRequest(body.caseRef(), SearchPurpose.parse(body.purpose()),
            CollectionGrant.of(body.collections()), body.investigator(), body.note(),
            Duration.ofDays(days)))));
  }

  void list(Context ctx) {
    ctx.json(ops.searches().listApprovals(Auth.principal(ctx), ctx.queryParam("case")).stream()
        .map(Views.ApprovalView::of).toList());
  }
}
