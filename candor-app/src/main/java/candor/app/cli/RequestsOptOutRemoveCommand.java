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

/** {@code candor requests optout-remove}: takes a person off the do-not-enrol list. */
@Command(name = "optout-remove", mixinStandardHelpOptions = true,
    header = "Take a person off the do-not-enrol list at their request.",
    description = "Deletes the entry and destroys its key; the removal is a request of its own,"
        + " registered and answered at once.")
final class RequestsOptOutRemoveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Parameters(paramLabel = "ENTRY", description = "The do-not-enrol entry's id.")
  UUID entry;

  @Option(names = "--requester", required = true, paramLabel = "REF",
      description = "Your reference for the person asking.")
  String requester;

  @Override
  public Integer call() {
    RequestViews.OptOutResultView view;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      view = RequestViews.OptOutResultView.of(session.ops().requests()
          .removeOptOut(session.principal(), entry, requester), RequestViews.today());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("do-not-enrol entry %s removed (request %s)%n", view.entry().id(),
        view.request().id());
    out.flush();
    return ExitCodes.OK;
  }
}
