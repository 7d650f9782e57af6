package candor.app.cli;

import candor.app.http.RequestViews;
import java.io.PrintWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor requests object}: records that a lawful basis overrides the request. */
@Command(name = "object", mixinStandardHelpOptions = true,
    header = "Record that a lawful basis overrides the request: confirmed faces are kept.",
    description = "The basis's reference is recorded in the register and the audit; the note in"
        + " the register (its SHA-256 in the audit). Needs the requester's identity checked.")
final class RequestsObjectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Parameters(paramLabel = "REQUEST", description = "The request's id.")
  UUID id;

  @Option(names = "--basis-ref", required = true, paramLabel = "REF",
      description = "The reference of the basis that overrides the request (a law, an order).")
  String basisRef;

  @Option(names = "--note", required = true, paramLabel = "TEXT",
      description = "Why it overrides the request.")
  String note;

  @Option(names = "--face", paramLabel = "ID", split = ",",
      description = "The matches kept, by the face ids the request lists (default: every"
          + " confirmed match not yet erased or kept).")
  List<String> faces;

  @Override
  public Integer call() {
    RequestViews.RequestDetailView view;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      view = RequestViews.RequestDetailView.of(session.ops().requests().object(
          session.principal(), id, RequestsText.storeIds(session, faces), basisRef, note),
          RequestViews.today(), session.ops().publicIds());
    }
    PrintWriter out = spec.commandLine().getOut();
    RequestsText.detail(out, view);
    out.flush();
    return ExitCodes.OK;
  }
}
