package candor.app.cli;

import candor.app.http.RequestViews;
import candor.core.policy.Verdict;
import java.io.PrintWriter;
import java.util.UUID;
import picocli.CommandLine.Model.CommandSpec;

/** What {@code requests confirm} and {@code requests reject} share: record one verdict. */
final class RequestsReview {

  private RequestsReview() {}

  static int run(CommandSpec spec, DataOptions data, GalleryOptions gallery, KeyOptions key,
      UUID id, String face, Verdict verdict, String note) {
    RequestViews.ReviewStatusView status;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      status = RequestViews.ReviewStatusView.of(session.ops().requests()
          .review(session.principal(), id, session.ops().publicIds().face(face), verdict, note),
          session.ops().publicIds());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("face %s of request %s: %s by %s; now %s%n", status.faceId(), id, verdict.label(),
        status.reviews().getLast().reviewer(), status.state());
    out.flush();
    return ExitCodes.OK;
  }
}
