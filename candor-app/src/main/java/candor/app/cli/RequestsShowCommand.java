package candor.app.cli;

import candor.app.http.RequestViews;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor requests show}: a request with its matches, reviews and receipts. */
@Command(name = "show", mixinStandardHelpOptions = true,
    header = "Show a request with its matches, their reviews and the receipts attached.",
    description = "The read is audited.")
final class RequestsShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Parameters(paramLabel = "REQUEST", description = "The request's id.")
  UUID id;

  @Option(names = "--json", description = "Print JSON, as GET /v1/requests/{id} does.")
  boolean json;

  @Override
  public Integer call() {
    RequestViews.RequestDetailView view;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      view = RequestViews.RequestDetailView.of(session.ops().requests()
          .request(session.principal(), id), RequestViews.today(), session.ops().publicIds());
    }
    RequestsText.print(spec.commandLine().getOut(), view, json);
    return ExitCodes.OK;
  }
}
