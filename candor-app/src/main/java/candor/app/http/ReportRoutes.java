package candor.app.http;

import candor.core.access.Operations;
import candor.core.retention.RetentionReport;
import candor.core.retention.RetentionSchedule;
import candor.core.transparency.TransparencyReport;
import io.javalin.http.Context;
import java.util.List;

/**
 * What Candor publishes: the retention schedule and the transparency report; and the admin's
 * button to run the retention sweep now.
 */
final class ReportRoutes {

  private final Operations ops;

  ReportRoutes(Services services) {
    this.ops = services.operations();
  }

  record RetentionRunView(String today, int subjectsErased, int mediaErased, int facesErased,
      List<String> failures) {
    static RetentionRunView of(RetentionReport r) {
      return new RetentionRunView(r.today().toString(), r.subjectsErased(), r.mediaErased(),
          r.facesErased(), r.failures());
    }
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/v1/retention-schedule", "reports",
            "The public retention schedule of every collection.", this::schedule)
            .returning(RetentionSchedule.class),
        ApiRoute.post("/v1/retention/run", "reports",
            "Erase what has expired now (admin); the service also does it daily.", this::run,
            ApiRoute.Body.NONE, 200).returning(RetentionRunView.class),
        ApiRoute.get("/v1/transparency", "reports",
            "Monthly aggregate counts: searches by purpose, reviews, identifications, erasures; and each"
                + " model pack's recorded demographic measurement (error rates per group).",
            this::transparency).returning(TransparencyReport.class));
  }

  void schedule(Context ctx) {
    ctx.json(ops.audit().retentionSchedule(Auth.principal(ctx)));
  }

  void run(Context ctx) {
    ctx.json(RetentionRunView.of(ops.audit().runRetention(Auth.principal(ctx))));
  }

  void transparency(Context ctx) {
    ctx.json(ops.audit().transparency(Auth.principal(ctx)));
  }
}
