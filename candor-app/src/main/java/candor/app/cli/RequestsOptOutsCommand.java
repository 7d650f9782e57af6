package candor.app.cli;

import candor.app.http.RequestViews;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code candor requests optouts}: lists the do-not-enrol list. */
@Command(name = "optouts", mixinStandardHelpOptions = true,
    header = "List the do-not-enrol list (entries, never templates).")
final class RequestsOptOutsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Option(names = "--json", description = "Print JSON, as GET /v1/optouts does.")
  boolean json;

  @Override
  public Integer call() {
    List<RequestViews.OptOutView> list;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      list = session.ops().requests().optOuts(session.principal()).stream()
          .map(RequestViews.OptOutView::of).toList();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(list));
    } else if (list.isEmpty()) {
      out.println("the do-not-enrol list is empty");
    } else {
      list.forEach(e -> out.printf("%s  consent %s  model %s  added %s by %s%n", e.id(),
          e.consentReference(), e.modelId(), e.created(), e.createdBy()));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
