package candor.app.cli;

import candor.app.http.RequestViews;
import candor.app.pdf.AccessReportPdf;
import candor.core.access.PublicIds;
import candor.core.rights.AccessReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor requests report}: the access report for the requester, as text, JSON or PDF. */
@Command(name = "report", mixinStandardHelpOptions = true,
    header = "Make the access report for the requester (text, JSON or PDF).",
    description = "Every match two reviewers confirmed: its crop (JSON and PDF), collection,"
        + " source, lawful basis and reference, when and by whom it was enrolled, until when it"
        + " is kept, and the searches that returned it counted by purpose and month; then what"
        + " was erased or kept on the request. Needs the requester's identity checked. The"
        + " disclosure is audited.")
final class RequestsReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Parameters(paramLabel = "REQUEST", description = "The request's id.")
  UUID id;

  @Option(names = "--pdf", paramLabel = "FILE",
      description = "Write the report as a PDF to FILE (a new file; it holds the requester's"
          + " face crops).")
  Path pdf;

  @Option(names = "--json", description = "Print the report as JSON, as GET"
      + " /v1/requests/{id}/report does (crops as base64 JPEG).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (pdf != null && Files.exists(pdf)) {
      throw new IllegalArgumentException(pdf + " exists: the report is written to a new file");
    }
    AccessReport report;
    PublicIds ids;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      report = session.ops().requests().report(session.principal(), id,
          pdf != null ? "pdf" : json ? "json" : "text");
      ids = session.ops().publicIds();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (pdf != null) {
      Files.write(pdf, AccessReportPdf.render(report, ids), StandardOpenOption.CREATE_NEW);
      out.printf("wrote %s: %d face(s), %d receipt(s)%n", pdf, report.faces().size(),
          report.receipts().size());
    } else if (json) {
      out.println(Json.write(RequestViews.ReportView.of(report, ids)));
    } else {
      print(out, report, ids);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private static void print(PrintWriter out, AccessReport r, PublicIds ids) {
    out.printf(Locale.ROOT, "Access report for request %s (%s), requester %s%n", r.requestId(),
        r.kind().id(), r.requesterRef());
    out.printf(Locale.ROOT, "%d collections searched at similarity %.3f (false match rate"
        + " %.0e): %d match(es), %d confirmed%n", r.collectionsSearched(), r.threshold(),
        r.maxFmr(), r.matchesFound(), r.matchesConfirmed());
    for (AccessReport.ReportedFace f : r.faces()) {
      out.printf(Locale.ROOT, "face %s (%s) in %s: source %s; basis %s \"%s\"; enrolled %s by %s;"
          + " kept until %s; returned by %d search(es)%n", ids.face(f.faceId()), f.status(),
          f.collection(), f.source(), f.basisKind(), f.basisReference(), f.enrolled(),
          f.enrolledBy(), f.retainUntil(), f.timesReturned());
      for (AccessReport.SearchCount c : f.searches()) {
        out.printf("    %s %s: %d%n", c.month(), c.purpose(), c.searches());
      }
    }
    for (var receipt : r.receipts()) {
      out.printf("erased %s on %s (%d faces; audit #%d)%n", receipt.what(), receipt.at(),
          receipt.facesErased(), receipt.auditSequence());
    }
    out.println(r.notice());
  }
}
