package candor.app.http;

import static candor.app.http.ApiRoute.optional;

import candor.core.access.AuditExport;
import candor.core.access.Operations;
import candor.core.audit.AuditEntry;
import candor.core.audit.AuditFilter;
import candor.core.audit.CheckpointReceipt;
import candor.core.audit.CheckpointSigner;
import candor.core.policy.Principal;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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
        ApiRoute.get("/v1/audit", "audit", "A page of the audit log, oldest first, optionally"
            + " filtered (within the caller's collections).", this::page,
            optional("after", "integer", "entries after this sequence number (default 0)"),
            optional("limit", "integer", "at most this many, 1 to 1000 (default 100)"),
            optional("actor", "string", FILTER_ACTOR), optional("case", "string", FILTER_CASE),
            optional("action", "string", FILTER_ACTION),
            optional("collection", "string", FILTER_COLLECTION),
            optional("from", "string", FILTER_FROM), optional("to", "string", FILTER_TO))
            .returning(Views.AuditPage.class),
        ApiRoute.get("/v1/audit/export", "audit", "Every entry the caller may read that matches"
            + " the filter (at most 100,000), as CSV or JSON; the export is audited.",
            this::export,
            optional("format", "string", "csv (default) or json"),
            optional("actor", "string", FILTER_ACTOR), optional("case", "string", FILTER_CASE),
            optional("action", "string", FILTER_ACTION),
            optional("collection", "string", FILTER_COLLECTION),
            optional("from", "string", FILTER_FROM), optional("to", "string", FILTER_TO))
            .producing("text/csv"),
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
    List<AuditEntry> entries = ops.audit().audit(p, after, limit, filter(ctx));
    long head = ops.audit().auditHead(p);
    // A short page means the read reached the end of the log (a scoped or filtered read scans
    // on until the page is full).
    Long next = entries.size() < limit || entries.getLast().sequence() >= head ? null
        : entries.getLast().sequence();
    ctx.json(new Views.AuditPage(entries.stream().map(Views.AuditEntryView::of).toList(), head,
        next));
  }

  void export(Context ctx) {
    String format = ctx.queryParam("format");
    boolean json = "json".equalsIgnoreCase(format);
    if (json == false && format != null && "csv".equalsIgnoreCase(format) == false) {
      throw new BadRequestResponse("format must be csv or json, got '" + Edge.abbreviate(format)
          + "'");
    }
    AuditExport export = ops.audit().exportAudit(Auth.principal(ctx), filter(ctx));
    String name = "candor-audit-" + export.headSequence() + (json ? ".json" : ".csv");
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .header("Cache-Control", "no-store")
        .header("X-Candor-Export-Capped", Boolean.toString(export.capped()));
    if (json) {
      ctx.json(new AuditExportView(export.entries().stream().map(Views.AuditEntryView::of)
          .toList(), export.headSequence(), export.capped()));
    } else {
      ctx.contentType("text/csv; charset=utf-8").result(csv(export.entries()));
    }
  }

  record AuditExportView(List<Views.AuditEntryView> entries, long headSequence, boolean capped) {}

  static final String FILTER_ACTOR = "only entries of this user (alice matches 'alice (key …)'),"
      + " or of an actor exactly as recorded";
  static final String FILTER_CASE = "only entries whose details name this case";
  static final String FILTER_ACTION = "only this action (review.confirmed), or a prefix ending"
      + " in * (review.*)";
  static final String FILTER_COLLECTION = "only entries about this collection";
  static final String FILTER_FROM = "only entries at or after this day (YYYY-MM-DD, UTC) or"
      + " instant (ISO-8601)";
  static final String FILTER_TO = "only entries up to this day, inclusive (YYYY-MM-DD, UTC), or"
      + " before this instant (ISO-8601)";

  /** The filter a request's query parameters state; blank ones are left out. */
  static AuditFilter filter(Context ctx) {
    return new AuditFilter(ctx.queryParam("actor"), ctx.queryParam("case"),
        ctx.queryParam("action"), ctx.queryParam("collection"),
        time("from", ctx.queryParam("from"), false), time("to", ctx.queryParam("to"), true));
  }

  /** A day (its start; the next day's start when it ends a range) or an ISO-8601 instant. */
  private static Instant time(String name, String text, boolean end) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String value = text.strip();
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequestResponse(name + " must be a day (YYYY-MM-DD) or an ISO-8601"
          + " instant (2026-12-01T10:00:00Z), got '" + Edge.abbreviate(value) + "'");
    }
  }

  /**
   * Writes entries as CSV (RFC 4180: a header row, CRLF, fields quoted when they hold a comma,
   * quote or line break). A field that a spreadsheet would read as a formula (it starts with
   * {@code =}, {@code +}, {@code -} or {@code @}) is prefixed with an apostrophe: an actor or a
   * case reference is text someone typed, and opening an export must not run it.
   */
  static String csv(List<AuditEntry> entries) {
    StringBuilder out = new StringBuilder("sequence,time,actor,action,object,details,prev_hash,"
        + "hash\r\n");
    for (AuditEntry e : entries) {
      out.append(e.sequence()).append(',').append(e.time()).append(',')
          .append(cell(e.actor())).append(',').append(cell(e.action())).append(',')
          .append(cell(e.object())).append(',').append(cell(e.detailsJson())).append(',')
          .append(e.prevHash()).append(',').append(e.hash()).append("\r\n");
    }
    return out.toString();
  }

  private static String cell(String text) {
    String value = text.isEmpty() || "=+-@".indexOf(text.charAt(0)) < 0 ? text : "'" + text;
    if (value.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\r' || ch == '\n')) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
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
