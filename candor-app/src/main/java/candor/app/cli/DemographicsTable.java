package candor.app.cli;

import candor.core.eval.DemographicReport;
import candor.core.eval.DemographicReport.GroupResult;
import candor.core.eval.DemographicReport.Rates;
import candor.core.eval.MeasuredRate;
import candor.core.eval.OperatingThreshold;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a demographic measurement as text: aligned Markdown tables, so the same text reads in a
 * terminal and pastes into a model card.
 */
final class DemographicsTable {
  private DemographicsTable() {}

  /** Prints everything but the DET curves: provenance, a table per threshold, 1:N, the policy. */
  static void full(PrintWriter out, DemographicReport r) {
    header(out, r);
    for (int t = 0; t < r.thresholds().size(); t++) {
      OperatingThreshold th = r.thresholds().get(t);
      out.printf("%nverification at %s = %.4f (%s):%n", th.name(), th.score(), th.source());
      Table table = new Table("group", "identities", "images", "impostor pairs", "FMR [95 % CI]",
          "false matches' identity pairs", "FMR / lowest", "FMR / overall", "genuine pairs", "FNMR [95 % CI]",
          "top identity's share of genuine pairs");
      for (GroupResult g : r.groups()) {
        Rates at = g.at().get(t);
        table.row(g.group(), count(g.identities()), count(g.images()), pairs(g.impostorPairs(), g.impostorPairsAvailable()),
            withInterval(at.fmr()), at.falseMatchIdentityPairs() == null ? "-" : count(at.falseMatchIdentityPairs()),
            ratio(at.fmrToLowest()), ratio(at.fmrToOverall()),
            pairs(g.genuinePairs(), g.genuinePairsAvailable()), withInterval(at.fnmr()),
            g.largestIdentityGenuineShare() == null ? "-" : String.format(Locale.ROOT, "%.2f", g.largestIdentityGenuineShare()));
      }
      table.print(out);
    }
    out.printf("%nidentification (1:N, %,d enrolled identities, first image each; other images mated probes;"
        + " single-image identities non-mated probes):%n", r.galleryIdentities());
    List<String> head = new ArrayList<>(List.of("group", "mated probes", "rank-1 [95 % CI]", "non-mated probes"));
    r.thresholds().forEach(t -> head.add("FPIR @" + t.name()));
    r.thresholds().forEach(t -> head.add("FNIR @" + t.name()));
    Table ident = new Table(head.toArray(String[]::new));
    for (GroupResult g : r.groups()) {
      List<String> row = new ArrayList<>(List.of(g.group(), count(g.identification().matedProbes()),
          withInterval(g.identification().rank1()), count(g.identification().nonMatedProbes())));
      g.identification().at().forEach(a -> row.add(withInterval(a.fpir())));
      g.identification().at().forEach(a -> row.add(withInterval(a.fnir())));
      ident.row(row.toArray(String[]::new));
    }
    ident.print(out);
    policy(out, r);
  }

  /**
   * Prints the compact card of a recorded measurement: provenance, limits, and per group the
   * rates at the deployment's threshold and the policy's.
   */
  static void card(PrintWriter out, DemographicReport r, String indent) {
    out.printf("%sdemographic measurement of %s: %s on %s, labels %s (%s, sha256 %s), %,d identities, %,d images%n",
        indent, r.modelPack(), r.measuredAt(), r.dataset(), r.groupsFile(), r.labelSource(),
        r.groupsSha256().substring(0, 12), r.identities(), r.images());
    int d = index(r, "deployment");
    int p = r.policy().threshold() == null ? -1 : r.thresholds().size() - 1;
    String policyName = p < 0 ? "policy" : r.thresholds().get(p).name();
    out.printf("%s%s threshold: %s%n", indent, r.policy().policy(), p < 0 ? "none (no group resolves FMR "
        + OperatingThreshold.rate(r.policy().fmrTarget()) + ")"
        : String.format(Locale.ROOT, "%.4f, set by %s; deployment %.4f", r.policy().threshold(),
            r.policy().bindingGroup(), r.thresholds().get(d).score()));
    Table t = new Table("group", "identities", "impostor pairs", "genuine pairs", "FMR @deployment [95 % CI]",
        "FNMR @deployment", "FMR @" + policyName, "FNMR @" + policyName);
    for (GroupResult g : r.groups()) {
      Rates dep = g.at().get(d);
      t.row(g.group(), count(g.identities()), count(g.impostorPairs()), count(g.genuinePairs()), withInterval(dep.fmr()),
          withInterval(dep.fnmr()), p < 0 ? "-" : withInterval(g.at().get(p).fmr()),
          p < 0 ? "-" : withInterval(g.at().get(p).fnmr()));
    }
    t.print(out, indent);
  }

  private static void header(PrintWriter out, DemographicReport r) {
    out.printf("model pack %s (templates %s); data set %s; labels %s (sha256 %s), source: %s; measured %s%n",
        r.modelPack(), r.templateModel(), r.dataset(), r.groupsFile(), r.groupsSha256(), r.labelSource(), r.measuredAt());
    out.printf("%,d labelled identities, %,d images (%,d without a face); columns %s%n", r.identities(), r.images(),
        r.imagesWithoutFace(), String.join(", ", r.columns()));
    out.printf("pairs within each group, at most %,d per kind (uniform sample above, seed %d); %.0f %% %s intervals%n",
        r.maxPairs(), r.seed(), 100 * r.confidence(), r.interval());
    out.printf("multi-label: %s%n", r.multiLabel());
    out.println("FMR / lowest: over the lowest positive FMR of the group's column (NIST IR 8280); FMR / overall:"
        + " over group all's. Small groups give wide intervals: read the counts, and how few identity pairs or"
        + " people some rates rest on.");
  }

  private static void policy(PrintWriter out, DemographicReport r) {
    DemographicReport.Policy p = r.policy();
    out.printf("%nthreshold policy %s at FMR %s (a group needs %,d impostor pairs to resolve it):%n", p.policy(),
        OperatingThreshold.rate(p.fmrTarget()), p.pairsToResolve());
    int d = index(r, "deployment");
    if (p.threshold() == null) {
      out.println("  no group has enough impostor pairs: no threshold chosen");
    } else {
      out.printf("  threshold %.4f, set by %s; the deployment uses %.4f%n", p.threshold(), p.bindingGroup(),
          r.thresholds().get(d).score());
    }
    if (p.unresolvedGroups().isEmpty() == false) {
      out.printf("  too few impostor pairs to resolve the target, not used to choose: %s%n",
          String.join(", ", p.unresolvedGroups()));
    }
    if (p.costs().isEmpty()) {
      return;
    }
    out.println("  what it costs each group, beside the deployment's threshold:");
    Table t = new Table("group", "FMR @policy", "FMR @deployment", "FNMR @policy", "FNMR @deployment", "FNMR change");
    for (DemographicReport.Cost c : p.costs()) {
      t.row(c.group(), withInterval(c.fmrAtPolicy()), withInterval(c.fmrAtDeployment()), withInterval(c.fnmrAtPolicy()),
          withInterval(c.fnmrAtDeployment()), c.fnmrChange() == null ? "-"
              : String.format(Locale.ROOT, "%+.2f points", 100 * c.fnmrChange()));
    }
    t.print(out, "  ");
  }

  private static int index(DemographicReport r, String name) {
    for (int i = 0; i < r.thresholds().size(); i++) {
      if (r.thresholds().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("the report has no threshold " + name);
  }

  /** A rate, its interval and its counts: {@code 1.2e-04 [9.8e-05, 1.5e-04] 12/97,531}. */
  static String withInterval(MeasuredRate m) {
    if (m.rate() == null) {
      return "- (0 pairs)";
    }
    return String.format(Locale.ROOT, "%s [%s, %s] %,d/%,d", rate(m.rate()), rate(m.lower()), rate(m.upper()),
        m.count(), m.of());
  }

  private static String rate(double r) {
    return r == 0 ? "0" : String.format(Locale.ROOT, "%.1e", r);
  }

  private static String ratio(Double r) {
    return r == null ? "-" : String.format(Locale.ROOT, "%.2f", r);
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String pairs(long compared, long available) {
    return compared == available ? count(compared)
        : String.format(Locale.ROOT, "%,d of %,d", compared, available);
  }

  /** An aligned Markdown table. */
  private static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... head) {
      rows.add(head);
    }

    void row(String... cells) {
      rows.add(cells);
    }

    void print(PrintWriter out) {
      print(out, "");
    }

    void print(PrintWriter out, String indent) {
      int[] width = new int[rows.get(0).length];
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      for (int k = 0; k < rows.size(); k++) {
        StringBuilder line = new StringBuilder(indent).append('|');
        for (int i = 0; i < width.length; i++) {
          line.append(' ').append(String.format("%-" + width[i] + "s", rows.get(k)[i])).append(" |");
        }
        out.println(line);
        if (k == 0) {
          StringBuilder rule = new StringBuilder(indent).append('|');
          for (int w : width) {
            rule.append('-').append("-".repeat(w)).append("-|");
          }
          out.println(rule);
        }
      }
    }
  }
}
