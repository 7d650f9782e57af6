package candor.app.cli;

import candor.app.http.RequestViews;
import candor.core.access.AccessAsk;
import candor.core.access.RequestOperations;
import candor.core.access.Upload;
import candor.core.gallery.StrictThreshold;
import candor.core.rights.RequestKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor requests access}: receives a request by selfie and finds the requester's faces. */
@Command(name = "access", mixinStandardHelpOptions = true,
    header = "Receive an access, erasure or objection request with the requester's photo.",
    description = "Searches every collection with the largest face of PHOTO at the strict"
        + " threshold and registers the request (due one month later) with the faces found,"
        + " for two reviewers to confirm. The photo is kept sealed until the request is"
        + " answered. Needs a privacy-officer key granted all collections.")
final class RequestsAccessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;
  @Mixin EngineOptions engine;

  @Parameters(paramLabel = "PHOTO", description = "The requester's photo.")
  Path photo;

  @Option(names = "--requester", required = true, paramLabel = "REF",
      description = "Your reference for the requester (a case or ticket number, not their name).")
  String requester;

  @Option(names = "--kind", paramLabel = "KIND", defaultValue = "access",
      description = "What they ask: access, erasure or objection (default: ${DEFAULT-VALUE}).")
  String kind;

  @Option(names = "--max-fmr", paramLabel = "RATE",
      defaultValue = "" + StrictThreshold.DEFAULT_MAX_FMR,
      description = "The calibrated false match rate of the threshold, at most 1e-3 (default:"
          + " ${DEFAULT-VALUE}).")
  double maxFmr;

  @Option(names = "--json", description = "Print the request as JSON, as POST"
      + " /v1/requests/access does.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    AccessAsk ask = new AccessAsk(RequestKind.parse(kind), requester,
        new Upload(photo.toString(), DataOptions.readInput(photo)), maxFmr);
    RequestViews.RequestDetailView view;
    try (GallerySession session = GallerySession.open(data, gallery, key, engine)) {
      RequestOperations.RequestDetail detail = session.ops().requests().access(
          session.principal(), ask);
      view = RequestViews.RequestDetailView.of(detail, RequestViews.today(),
          session.ops().publicIds());
    }
    RequestsText.print(spec.commandLine().getOut(), view, json);
    return ExitCodes.OK;
  }
}
