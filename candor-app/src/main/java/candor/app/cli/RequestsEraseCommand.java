package candor.app.cli;

import candor.app.http.RequestViews;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor requests erase}: erases confirmed matches on the request. */
@Command(name = "erase", mixinStandardHelpOptions = true,
    header = "Erase the requester's confirmed faces on their request.",
    description = "The usual physical erasure: a face filed under a subject erases that subject"
        + " (all its faces); a face filed under no subject erases its photo (and the other faces"
        + " found in it, sealed under the same key). Each receipt is attached to the request."
        + " Needs the requester's identity checked.")
final class RequestsEraseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Parameters(paramLabel = "REQUEST", description = "The request's id.")
  UUID id;

  @Option(names = "--face", paramLabel = "ID", split = ",",
      description = "The matches to erase, by the face ids the request lists (default: every"
          + " confirmed match not yet erased or kept).")
  List<String> faces;

  @Option(names = "--json", description = "Print the request as JSON afterwards.")
  boolean json;

  @Override
  public Integer call() {
    RequestViews.RequestDetailView view;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      view = RequestViews.RequestDetailView.of(session.ops().requests().erase(
          session.principal(), id, RequestsText.storeIds(session, faces)), RequestViews.today(),
          session.ops().publicIds());
    }
    RequestsText.print(spec.commandLine().getOut(), view, json);
    return ExitCodes.OK;
  }
}
