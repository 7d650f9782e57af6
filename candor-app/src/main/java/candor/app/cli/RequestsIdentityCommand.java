package candor.app.cli;

import candor.app.http.RequestViews;
import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor requests identity}: records that the requester's identity was checked. */
@Command(name = "identity", mixinStandardHelpOptions = true,
    header = "Record that the requester's identity was checked, and how.",
    description = "Needed before the report, an erasure or an objection: faces are disclosed and"
        + " erased only for the person they show. The note stays in the register; the audit"
        + " keeps its SHA-256.")
final class RequestsIdentityCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Parameters(paramLabel = "REQUEST", description = "The request's id.")
  UUID id;

  @Option(names = "--note", required = true, paramLabel = "TEXT",
      description = "How identity was checked (the document seen, the channel).")
  String note;

  @Override
  public Integer call() {
    RequestViews.RequestView view;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      view = RequestViews.RequestView.of(session.ops().requests()
          .checkIdentity(session.principal(), id, note), RequestViews.today());
    }
    PrintWriter out = spec.commandLine().getOut();
    RequestsText.request(out, view);
    out.flush();
    return ExitCodes.OK;
  }
}
