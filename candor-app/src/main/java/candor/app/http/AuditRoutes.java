package candor.app.http;

import static candor.app.http.ApiRoute.optional;

import candor.core.access.Operations;
import candor.core.audit.AuditEntry;
import candor.core.policy.Principal;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v1/audit}: page through the hash-chained audit log and verify it. */
final class AuditRoutes {

  private final Operations ops;

  AuditRoutes(Services services) {
    this.ops = services.operations();
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/v1/audit", "audit", "A page of the audit log, oldest first.", this::page,
            optional("after", "integer", "entries after this sequence number (default 0)"),
            optional("limit", "integer", "at most this many, 1 to 1000 (default 100)"))
            .returning(Views.AuditPage.class),
        ApiRoute.get("/v1/audit/verify", "audit",
            "Recompute the hash chain and name the first broken entry.", this::verify)
            .returning(Views.VerifyView.class));
  }

  void page(Context ctx) {
    Principal p = Auth.principal(ctx);
    long after = ctx.queryParamAsClass("after", Long.class).getOrDefault(0L);
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100);
    List<AuditEntry> entries = ops.audit(p, after, limit);
    long head = ops.auditHead(p);
    Long next = entries.isEmpty() || entries.getLast().sequence() >= head ? null
        : entries.getLast().sequence();
    ctx.json(new Views.AuditPage(entries.stream().map(Views.AuditEntryView::of).toList(), head,
        next));
  }

  void verify(Context ctx) {
    ctx.json(Views.VerifyView.of(ops.verifyAudit(Auth.principal(ctx))));
  }
}
