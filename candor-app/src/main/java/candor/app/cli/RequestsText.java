package candor.app.cli;

import candor.app.http.RequestViews;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** How the {@code requests} commands print a request, a match and the register for people. */
final class RequestsText {

  private RequestsText() {}

  static void request(PrintWriter out, RequestViews.RequestView r) {
    out.printf("request %s: %s, requester %s, received %s by %s, due %s%s%n", r.id(), r.kind(),
        r.requesterRef(), r.received(), r.receivedBy(), r.due(), r.overdue() ? " (OVERDUE)" : "");
    out.printf("  identity: %s%n", r.identityChecked() == null ? "not checked yet"
        : "checked " + r.identityChecked() + " by " + r.identityCheckedBy() + ": "
            + r.identityNote());
    out.printf("  answer: %s%n", r.answered() == null ? "open"
        + (r.photoKept() ? " (the requester's photo is kept, sealed, until then)" : "")
        : r.answered() + " by " + r.answeredBy() + ": " + r.outcome());
    if (r.threshold() != null) {
      out.printf(Locale.ROOT, "  search %s at similarity %.3f (false match rate %.0e)%n",
          r.searchId(), r.threshold(), r.maxFmr());
    }
    if (r.optOutId() != null) {
      out.printf("  do-not-enrol entry %s%n", r.optOutId());
    }
  }

  /**
   * Returns the store's ids of the faces a command names by the ids a request lists (their
   * public ids); none when none is named.
   */
  static List<Long> storeIds(GallerySession session, List<String> faces) {
    return faces == null ? List.of()
        : faces.stream().map(f -> session.ops().publicIds().face(f)).toList();
  }

  /** Prints a request with its matches, as JSON (as the HTTP API answers) or as text. */
  static void print(PrintWriter out, RequestViews.RequestDetailView d, boolean json) {
    if (json) {
      out.println(Json.write(d));
    } else {
      detail(out, d);
    }
    out.flush();
  }

  static void detail(PrintWriter out, RequestViews.RequestDetailView d) {
    request(out, d.request());
    if (d.request().searchId() != null) {
      out.println(d.matches().isEmpty() ? "no face reached the threshold"
          : d.matches().size() + " match(es); " + d.notice());
      if (d.incomplete()) {
        out.println("the search stopped at its limit: there may be more matches");
      }
    }
    for (RequestViews.MatchView m : d.matches()) {
      out.printf(Locale.ROOT, "%4d  face %-36s %-16s %.3f  %-28s %-24s %s%n", m.rank(),
          m.faceId(), m.collection(), m.score(), m.state(), m.subjectRef() == null
              ? "(no subject record)" : m.subjectRef(), m.outcome() == null ? ""
              : m.outcome() + (m.outcomeReference() == null ? "" : " (" + m.outcomeReference()
                  + ")"));
    }
    for (RequestViews.ReceiptView r : d.receipts()) {
      out.printf("  receipt: %s erased %s (%d faces, %d photos, %d subjects, %d files; audit #%d)"
          + "%n", r.what(), r.at(), r.facesErased(), r.mediaErased(), r.subjectsErased(),
          r.filesDeleted(), r.auditSequence());
    }
  }

  static void register(PrintWriter out, java.util.List<RequestViews.RequestView> list) {
    if (list.isEmpty()) {
      out.println("no requests");
      return;
    }
    out.printf("%-36s  %-15s  %-10s  %-10s  %-8s  %s%n", "id", "kind", "received", "due",
        "state", "requester");
    for (RequestViews.RequestView r : list) {
      String state = r.answered() != null ? "answered" : r.overdue() ? "OVERDUE" : "open";
      out.printf("%-36s  %-15s  %-10s  %-10s  %-8s  %s%n", r.id(), r.kind(),
          r.received().substring(0, 10), r.due(), state, r.requesterRef());
    }
  }
}
