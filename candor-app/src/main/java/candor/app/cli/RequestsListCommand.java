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

/** {@code candor requests list}: the register of requests. */
@Command(name = "list", mixinStandardHelpOptions = true,
    header = "List the register of requests, newest first.",
    description = "Each request with its kind, receipt, due date (one month after receipt),"
        + " whether it is answered or overdue, and your reference for the requester.")
final class RequestsListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DataOptions data;
  @Mixin GalleryOptions gallery;
  @Mixin KeyOptions key;

  @Option(names = "--open", description = "Only the requests not answered yet.")
  boolean open;

  @Option(names = "--json", description = "Print JSON, as GET /v1/requests does.")
  boolean json;

  @Override
  public Integer call() {
    List<RequestViews.RequestView> list;
    try (GallerySession session = GallerySession.open(data, gallery, key, null)) {
      list = session.ops().requests().register(session.principal(), open).stream()
          .map(r -> RequestViews.RequestView.of(r, RequestViews.today())).toList();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.write(list));
    } else {
      RequestsText.register(out, list);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
