package candor.app.cli;

import candor.core.transparency.MonthlyCounts;
import candor.core.transparency.RightsCounts;
import candor.core.transparency.TransparencyReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code candor transparency}: the transparency report, the same as {@code GET
 * /v1/transparency}: monthly aggregates computed from the audit log, without personal data.
 */
@Command(name = "transparency", mixinStandardHelpOptions = true,
    header = "Print the transparency report: how the gallery was used, month by month.",
    description = {"Monthly counts computed from the audit log: searches by purpose, refused"
        + " searches and requests, failed authentications, review decisions, confirmed"
        + " identifications and erasures. No personal data. Any role's key may read it."})
public final class TransparencyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Option(names = "--json", description = "Print the report as JSON, as GET /v1/transparency does.")
  boolean json;

  @Override
  public Integer call() {
    TransparencyReport report;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      report = session.ops().audit().transparency(session.principal());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(report));
    } else {
      out.printf(Locale.ROOT, "Transparency report, %s, from %,d audit entries%n",
          report.generated(), report.auditEntries());
      out.printf(Locale.ROOT, "%-8s  %8s  %8s  %8s  %8s  %9s  %10s  %8s  %s%n", "month",
          "searches", "refused", "denials", "auth-err", "confirmed", "identified", "erasures",
          "searches by purpose");
      for (MonthlyCounts m : report.months()) {
        StringBuilder purposes = new StringBuilder();
        for (Map.Entry<String, Long> e : m.searchesByPurpose().entrySet()) {
          purposes.append(purposes.isEmpty() ? "" : ", ").append(e.getKey()).append(' ')
              .append(e.getValue());
        }
        out.printf(Locale.ROOT, "%-8s  %8d  %8d  %8d  %8d  %9d  %10d  %8d  %s%n", m.month(),
            m.searches(), m.searchesDenied(), m.requestsDenied(), m.authenticationFailures(),
            m.confirmations(), m.identificationsConfirmed(),
            m.subjectErasures() + m.mediaErasures(), purposes);
      }
      if (report.months().isEmpty()) {
        out.println("no activity recorded yet");
      }
      for (TransparencyReport.PackUse p : report.packs()) {
        out.printf(Locale.ROOT, "templates %s: %,d faces, pack %s%s%n", p.modelId(), p.faces(), p.pack(),
            p.licence().isEmpty() ? "" : ", licence " + p.licence() + " (" + p.licenceUse()
                + (p.trainingData().isEmpty() ? "" : "; training data: " + p.trainingData()) + ")");
      }
      RightsCounts r = report.rights();
      if (r.requests() > 0 || r.optOutSkips() > 0) {
        out.printf(Locale.ROOT, "people's requests: %s; answered %d (median %s days, %d late);"
            + " open %d, overdue %d; erasures on request %d (%d faces); faces kept on an"
            + " overriding basis %d; faces kept out by the do-not-enrol list %d%n",
            r.requestsByKind(), r.answered(), r.medianDaysToAnswer() == null ? "-"
                : r.medianDaysToAnswer(), r.answeredLate(), r.open(), r.overdue(),
            r.erasuresOnRequest(), r.facesErasedOnRequest(), r.facesRetained(), r.optOutSkips());
      }
    }
    out.flush();
    return ExitCodes.OK;
  }
}
