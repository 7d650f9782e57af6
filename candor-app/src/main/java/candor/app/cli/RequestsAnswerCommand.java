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

/** {@code candor requests answer}: answers a request and deletes the requester's photo. */
@Command(name = "answer", mixinStandardHelpOptions = true,
    header = "Answer a request: it closes, and the requester's photo is deleted.",
    description = "Records the answer with the days it took (late after the due date); the"
        + " photo's key is destroyed in the same transaction.")
final class RequestsAnswerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Parameters(paramLabel = "REQUEST", description = "The request's id.")
  UUID id;

  @Option(names = "--outcome", required = true, paramLabel = "TEXT",
      description = "What the answer said, in a sentence.")
  String outcome;

  @Override
  public Integer call() {
    RequestViews.RequestView view;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      view = RequestViews.RequestView.of(session.ops().requests().answer(session.principal(),
          id, outcome), RequestViews.today());
    }
    PrintWriter out = spec.commandLine().getOut();
    RequestsText.request(out, view);
    out.flush();
    return ExitCodes.OK;
  }
}
