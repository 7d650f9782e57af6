package candor.app.cli;

import candor.core.policy.Verdict;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code candor requests reject}: a reviewer rejects a match: someone else's face. */
@Command(name = "reject", mixinStandardHelpOptions = true,
    header = "Reject a match of a request: it is someone else's face.",
    description = "A rejected match is never reported to the requester nor erased on the"
        + " request.")
final class RequestsRejectCommand implements Callable<Integer> {
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
      description = "Why it is not the requester (required).")
  String note;

  @Override
  public Integer call() {
    return RequestsReview.run(spec, data, gallery, key, id, face, Verdict.REJECTED, note);
  }
}
