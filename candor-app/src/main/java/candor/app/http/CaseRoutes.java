package candor.app.http;

import candor.app.pdf.CaseReportPdf;
import candor.core.access.Operations;
import candor.core.review.CaseFile;
import candor.core.review.CaseReport;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /v1/cases/{caseRef}}: a case as one file (every search of it the caller may read, with
 * its candidates and decisions, blind until the caller decides; the approvals; the audit entries
 * that record them) and its report as PDF. Each read and export is audited.
 */
final class CaseRoutes {

  private final Operations ops;

  CaseRoutes(Services services) {
    this.ops = services.operations();
  }

  /** A case file; face ids are opaque strings, entries as the audit log shows them. */
  record CaseView(String caseRef, List<Views.ReviewsView> searches,
      List<Views.ApprovalView> approvals, List<Views.AuditEntryView> entries,
      boolean entriesCapped, String notice) {
    static CaseView of(CaseFile f, Operations ops) {
      return new CaseView(f.caseRef(),
          f.searches().stream().map(s -> Views.ReviewsView.of(s, ops.publicIds())).toList(),
          f.approvals().stream().map(Views.ApprovalView::of).toList(),
          f.entries().stream().map(Views.AuditEntryView::of).toList(), f.entriesCapped(),
          CaseReport.STATEMENT);
    }
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/v1/cases/{caseRef}", "cases", "A case: every search of it the caller may"
            + " read (granted every collection it covered), with its candidates and decisions"
            + " (blind until the caller decides), the approvals and the audit entries that record"
            + " them; the read is audited.", this::get).returning(CaseView.class),
        ApiRoute.get("/v1/cases/{caseRef}/report.pdf", "cases", "The case's report as PDF: the"
            + " probes, the candidates with their images, scores and estimates, provenance, who"
            + " decided what and when, the audit entries and the latest signed checkpoint; the"
            + " export is audited.", this::report).producing("application/pdf"));
  }

  void get(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.json(CaseView.of(ops.searches().caseFile(Auth.principal(ctx), ctx.pathParam("caseRef")),
        ops));
  }

  void report(Context ctx) {
    CaseReport report = ops.searches().caseReport(Auth.principal(ctx), ctx.pathParam("caseRef"));
    String file = "candor-case-" + report.file().caseRef().replaceAll("[^A-Za-z0-9._-]", "_")
        + ".pdf";
    ctx.header("Cache-Control", "no-store")
        .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .contentType("application/pdf").result(CaseReportPdf.render(report, ops.publicIds()));
  }
}
