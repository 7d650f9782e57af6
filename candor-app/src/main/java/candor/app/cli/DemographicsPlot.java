package candor.app.cli;

import candor.core.eval.DemographicReport;
import candor.core.eval.DemographicReport.GroupResult;
import candor.core.eval.MeasuredRate;
import candor.core.eval.OperatingThreshold;
import java.util.List;
import java.util.Locale;

/**
 * Draws each group's false match rate with its 95 % interval at every threshold, on a log axis, as
 * a self-contained SVG: one row per group, one coloured mark per threshold, a dashed line at the
 * policy's target. A rate of zero is an open mark at the axis' left end with its interval. Below,
 * the DET curves of {@code all} and of the one-label groups with enough pairs to trace one.
 */
final class DemographicsPlot {
  private DemographicsPlot() {}

  private static final String[] COLOURS = {"#1b6ca8", "#d95f02", "#1a9850", "#7b3294", "#636363"};
  /** Decades shown: 1e-7 to 1. */
  private static final int MIN_EXP = -7;
  private static final int LEFT = 330;
  private static final int WIDTH = 630;
  private static final int TOP = 78;
  private static final int LANE = 9;

  static String svg(DemographicReport r) {
    List<OperatingThreshold> thresholds = r.thresholds();
    int rowHeight = LANE * thresholds.size() + 8;
    List<GroupResult> detGroups = r.groups().stream().filter(DemographicsPlot::drawsDet).toList();
    int detTop = TOP + rowHeight * r.groups().size() + 80;
    int height = detGroups.isEmpty() ? TOP + rowHeight * r.groups().size() + 40 : detTop + DET_HEIGHT + 60;
    int width = LEFT + WIDTH + 30;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
    s.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    text(s, 10, 18, 14, "start", "False match rate per group, " + Math.round(100 * r.confidence()) + " % "
        + r.interval() + " intervals: pack " + r.modelPack() + ", " + r.dataset() + ", labels " + r.groupsFile());
    text(s, 10, 34, 11, "start", "impostor pairs within each group; " + r.measuredAt()
        + "; an open mark is a rate of 0 (its interval runs from the left edge)");
    for (int t = 0; t < thresholds.size(); t++) {
      int x = 10 + t * 235;
      s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"50\" r=\"4\" fill=\"%s\"/>%n", x + 4,
          COLOURS[t % COLOURS.length]));
      text(s, x + 12, 54, 11, "start", String.format(Locale.ROOT, "%s = %.3f", thresholds.get(t).name(),
          thresholds.get(t).score()));
    }
    int plotBottom = TOP + rowHeight * r.groups().size();
    for (int e = MIN_EXP; e <= 0; e++) {
      double x = x(Math.pow(10, e));
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
          x, TOP - 6, x, plotBottom));
      text(s, x, plotBottom + 16, 11, "middle", e == 0 ? "1" : "1e" + e);
      text(s, x, TOP - 10, 11, "middle", e == 0 ? "1" : "1e" + e);
    }
    double target = x(r.policy().fmrTarget());
    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#b2182b\""
        + " stroke-dasharray=\"4 3\"/>%n", target, TOP - 6, target, plotBottom));
    text(s, target, plotBottom + 30, 11, "middle", "target " + OperatingThreshold.rate(r.policy().fmrTarget()));
    for (int g = 0; g < r.groups().size(); g++) {
      GroupResult group = r.groups().get(g);
      int y0 = TOP + g * rowHeight;
      if (g % 2 == 1) {
        s.append(String.format(Locale.ROOT, "<rect x=\"5\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f4f4f4\"/>%n",
            y0, width - 10, rowHeight));
      }
      text(s, LEFT - 8, y0 + rowHeight / 2.0 + 4, 11, "end", String.format(Locale.ROOT, "%s (%,d ids, %,d pairs)",
          group.group(), group.identities(), group.impostorPairs()));
      for (int t = 0; t < thresholds.size(); t++) {
        MeasuredRate m = group.at().get(t).fmr();
        double y = y0 + 4 + LANE * t + LANE / 2.0;
        String colour = COLOURS[t % COLOURS.length];
        if (m.rate() == null) {
          continue;
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
            + " stroke-width=\"1.5\"/>%n", x(m.lower()), y, x(m.upper()), y, colour));
        if (m.rate() == 0) {
          s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"white\" stroke=\"%s\""
              + " stroke-width=\"1.5\"/>%n", x(0), y, colour));
        } else {
          s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\"/>%n",
              x(m.rate()), y, colour));
        }
      }
    }
    if (detGroups.isEmpty() == false) {
      det(s, detGroups, detTop);
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static final String[] DET_COLOURS = {"#000000", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  private static final int DET_HEIGHT = 360;
  /** DET axes: FMR 1e-6 to 1, FNMR 1e-4 to 1. */
  private static final int DET_MIN_FMR = -6;
  private static final int DET_MIN_FNMR = -4;

  /** Whether a group's DET curve is drawn: {@code all}, and one-column groups with enough pairs to trace one. */
  private static boolean drawsDet(GroupResult g) {
    return g.det().isEmpty() == false && (g.family().equals("all")
        || (g.family().contains(",") == false && g.impostorPairs() >= 1_000 && g.genuinePairs() >= 100));
  }

  private static void det(StringBuilder s, List<GroupResult> groups, int top) {
    text(s, 10, top - 30, 14, "start", "DET curves, thresholds 0.00 to 1.00: all, and each one-label group with"
        + " at least 1,000 impostor and 100 genuine pairs");
    text(s, 10, top - 14, 11, "start", "points where either rate is 0 cannot sit on log axes and are left out");
    for (int e = DET_MIN_FMR; e <= 0; e++) {
      double x = detX(Math.pow(10, e));
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
          x, top, x, top + DET_HEIGHT));
      text(s, x, top + DET_HEIGHT + 16, 11, "middle", e == 0 ? "1" : "1e" + e);
    }
    for (int e = DET_MIN_FNMR; e <= 0; e++) {
      double y = detY(Math.pow(10, e), top);
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          LEFT, y, LEFT + WIDTH, y));
      text(s, LEFT - 6, y + 4, 11, "end", e == 0 ? "1" : "1e" + e);
    }
    text(s, LEFT + WIDTH / 2.0, top + DET_HEIGHT + 32, 11, "middle", "FMR (impostor pairs within the group)");
    text(s, LEFT - 40, top + DET_HEIGHT / 2.0, 11, "end", "FNMR");
    for (int i = 0; i < groups.size(); i++) {
      GroupResult g = groups.get(i);
      String colour = DET_COLOURS[i % DET_COLOURS.length];
      StringBuilder path = new StringBuilder();
      for (var p : g.det()) {
        if (p.fmr() == null || p.fnmr() == null || p.fmr() == 0 || p.fnmr() == 0) {
          continue;
        }
        path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
            detX(p.fmr()), detY(p.fnmr(), top)));
      }
      // past the palette, the colours come again dashed
      String dash = i < DET_COLOURS.length ? "" : " stroke-dasharray=\"5 3\"";
      s.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.3\"%s/>%n",
          path, colour, dash));
      int ly = top + 8 + 14 * i;
      s.append(String.format(Locale.ROOT, "<line x1=\"10\" y1=\"%d\" x2=\"30\" y2=\"%d\" stroke=\"%s\""
          + " stroke-width=\"2\"%s/>%n", ly, ly, colour, dash));
      text(s, 36, ly + 4, 11, "start", g.group());
    }
  }

  /** The x of a false match rate on the DET axes; 0 and rates below the axis sit at its left end. */
  private static double detX(double fmr) {
    double e = fmr <= 0 ? DET_MIN_FMR : Math.max(DET_MIN_FMR, Math.log10(fmr));
    return LEFT + (e - DET_MIN_FMR) / -DET_MIN_FMR * WIDTH;
  }

  /** The y of a false non-match rate on the DET axes (1 at the top); 0 sits at the bottom. */
  private static double detY(double fnmr, int top) {
    double e = fnmr <= 0 ? DET_MIN_FNMR : Math.max(DET_MIN_FNMR, Math.log10(fnmr));
    return top + (double) e / DET_MIN_FNMR * DET_HEIGHT;
  }

  /** The x position of a rate; rates below the axis sit at its left end. */
  private static double x(double rate) {
    double e = rate <= 0 ? MIN_EXP : Math.max(MIN_EXP, Math.log10(rate));
    return LEFT + (e - MIN_EXP) / -MIN_EXP * WIDTH;
  }

  private static void text(StringBuilder s, double x, double y, int size, String anchor, String text) {
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
        x, y, size, anchor, escape(text)));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
