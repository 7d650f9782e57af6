package candor.app.cli;

import candor.app.http.RequestViews;
import candor.core.access.OptOutAsk;
import candor.core.access.Upload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor requests optout}: puts a person on the do-not-enrol list. */
@Command(name = "optout", mixinStandardHelpOptions = true,
    header = "Put a person on the do-not-enrol list at their request.",
    description = "Keeps the template of the largest face of PHOTO (or of an open access"
        + " request's photo), sealed, under the person's consent; every later ingest leaves"
        + " faces that reach the strict threshold against it out, and audits each skip without"
        + " the photo. The opt-out request is registered and answered at once.")
final class RequestsOptOutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;
  @Mixin EngineOptions engine;

  @Parameters(arity = "0..1", paramLabel = "PHOTO", description = "The person's photo.")
  Path photo;

  @Option(names = "--from-request", paramLabel = "REQUEST",
      description = "Use the photo of this open access request instead of PHOTO.")
  UUID fromRequest;

  @Option(names = "--requester", required = true, paramLabel = "REF",
      description = "Your reference for the person.")
  String requester;

  @Option(names = "--consent", required = true, paramLabel = "REF",
      description = "The reference of their consent to keep their template for this.")
  String consent;

  @Option(names = "--json", description = "Print JSON, as POST /v1/optouts does.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Upload upload = photo == null ? null
        : new Upload(photo.toString(), DataOptions.readInput(photo));
    OptOutAsk ask = new OptOutAsk(requester, consent, upload, fromRequest);
    RequestViews.OptOutResultView view;
    try (GallerySession session = GallerySession.open(data, gallery, key, engine)) {
      view = RequestViews.OptOutResultView.of(session.ops().requests()
          .optOut(session.principal(), ask), RequestViews.today());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(view));
    } else {
      out.printf("do-not-enrol entry %s added (request %s, consent %s)%n", view.entry().id(),
          view.request().id(), view.entry().consentReference());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
