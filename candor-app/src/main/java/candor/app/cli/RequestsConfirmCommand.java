package candor.app.cli;

import candor.app.http.RequestViews;
import candor.core.policy.Verdict;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor requests confirm}: a reviewer confirms that a match is the requester. */
@Command(name = "confirm", mixinStandardHelpOptions = true,
    header = "Confirm that a match of a request is the requester's face.",
    description = "A match is the requester's once two different reviewers confirm it and nobody"
        + " rejects it; only such matches are reported or erased.")
final class RequestsConfirmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Parameters(index = "0", paramLabel = "REQUEST", description = "The request's id.")
  UUID id;

  @Parameters(index = "1", paramLabel = "FACE",
      description = "The match's face id, as the request lists it.")
  String face;

  @Option(names = "--note", required = true, paramLabel = "TEXT",
      description = "What you compared (required).")
  String note;

  @Override
  public Integer call() {
    return RequestsReview.run(spec, data, gallery, key, id, face, Verdict.CONFIRMED, note);
  }
}
