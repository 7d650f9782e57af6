package candor.app.http;

import static candor.app.http.ApiRoute.optional;

import candor.core.access.Operations;
import candor.core.audit.AuditEntry;
import candor.core.audit.CheckpointReceipt;
import candor.core.audit.CheckpointSigner;
import candor.core.policy.Principal;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /v1/audit}: page through the hash-chained audit log, verify it, and get or sign the
 * checkpoints (signed receipts of the chain head) that oversight bodies keep.
 */
final class AuditRoutes {

  private final Operations ops;
  private final CheckpointSigner signer;

  AuditRoutes(Services services) {
    this.ops = services.operations();
    this.signer = services.checkpointSigner();
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/v1/audit", "audit", "A page of the audit log, oldest first.", this::page,
            optional("after", "integer", "entries after this sequence number (default 0)"),
            optional("limit", "integer", "at most this many, 1 to 1000 (default 100)"))
            .returning(Views.AuditPage.class),
        ApiRoute.get("/v1/audit/verify", "audit",
            "Recompute the hash chain and name the first broken entry.", this::verify)
            .returning(Views.VerifyView.class),
        ApiRoute.get("/v1/audit/checkpoint", "audit", "The latest signed checkpoint of the audit"
            + " chain: a receipt to keep outside Candor (404 when none yet).",
            this::latestCheckpoint),
        ApiRoute.post("/v1/audit/checkpoint", "audit", "Sign a checkpoint of the audit chain now"
            + " and return its receipt (admin or auditor; 409 without a signing key).",
            this::checkpoint, ApiRoute.Body.NONE, 201));
  }

  void page(Context ctx) {
    Principal p = Auth.principal(ctx);
    long after = ctx.queryParamAsClass("after", Long.class).getOrDefault(0L);
    int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100);
    List<AuditEntry> entries = ops.audit().audit(p, after, limit);
    long head = ops.audit().auditHead(p);
    Long next = entries.isEmpty() || entries.getLast().sequence() >= head ? null
        : entries.getLast().sequence();
    ctx.json(new Views.AuditPage(entries.stream().map(Views.AuditEntryView::of).toList(), head,
        next));
  }

  void verify(Context ctx) {
    ctx.json(Views.VerifyView.of(ops.audit().verifyAudit(Auth.principal(ctx))));
  }

  void latestCheckpoint(Context ctx) {
    receipt(ctx, 200, ops.audit().latestCheckpoint(Auth.principal(ctx)));
  }

  void checkpoint(Context ctx) {
    receipt(ctx, 201, ops.audit().signCheckpoint(Auth.principal(ctx), signer));
  }

  /**
   * Sends a receipt in its own file format (snake_case, as {@code candor audit checkpoint} writes
   * it), not as a camelCase view: saved as is, it is a receipt {@code candor audit verify
   * --receipt} reads.
   */
  private static void receipt(Context ctx, int status, CheckpointReceipt receipt) {
    ctx.status(status).contentType("application/json").result(receipt.toJson());
  }
}
