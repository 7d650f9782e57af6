package candor.app.http;

import static candor.app.http.ApiRoute.field;
import static candor.app.http.ApiRoute.optional;

import candor.app.pdf.AccessReportPdf;
import candor.core.access.AccessAsk;
import candor.core.access.Operations;
import candor.core.access.OptOutAsk;
import candor.core.access.PublicIds;
import candor.core.access.Upload;
import candor.core.gallery.StrictThreshold;
import candor.core.model.InvalidRequestException;
import candor.core.policy.Verdict;
import candor.core.rights.RequestKind;
import candor.core.store.FaceNotFoundException;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.UUID;

/**
 * {@code /v1/requests} and {@code /v1/optouts}: people's requests about their own faces, for
 * privacy officers. An access request by selfie, its matches and their review, the identity
 * check, the report (JSON or PDF), erasure or an overriding basis on request, the answer; the
 * do-not-enrol list.
 */
final class RequestRoutes {

  private final Operations ops;
  private final Uploads uploads;

  RequestRoutes(Services services, Uploads uploads) {
    this.ops = services.operations();
    this.uploads = uploads;
  }

  record ReviewBody(String verdict, String note) {}

  record NoteBody(String note) {}

  record FacesBody(List<String> faceIds) {}

  record ObjectionBody(List<String> faceIds, String basisReference, String note) {}

  record AnswerBody(String outcome) {}

  record RemovalBody(String requester) {}

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post("/v1/requests/access", "requests",
            "Receive a person's access, erasure or objection request: search every collection"
                + " with their photo at the strict threshold and register the request with the"
                + " faces found, for review.", this::access,
            ApiRoute.Body.multipart(
                field("photo", "file", "the requester's photo (kept sealed until the request"
                    + " is answered)"),
                field("requester", "string", "your reference for the requester (a case or"
                    + " ticket number, not their name)"),
                optional("kind", "string", "access (default), erasure or objection"),
                optional("maxFmr", "number", "the calibrated false match rate of the threshold,"
                    + " default 1e-5, at most 1e-3")), 201),
        ApiRoute.get("/v1/requests", "requests",
            "The register of requests, newest first, with due dates and what is overdue.",
            this::list, optional("open", "boolean", "true to list open requests only")),
        ApiRoute.get("/v1/requests/{id}", "requests",
            "A request with its matches, their reviews and the receipts attached (audited).",
            this::get),
        ApiRoute.get("/v1/requests/{id}/photo", "requests",
            "The requester's photo, while the request is open, for reviewers.", this::photo)
            .producing("image/jpeg"),
        ApiRoute.get("/v1/requests/{id}/matches/{faceId}/crop", "requests",
            "A match's face crop (JPEG), for reviewers.", this::crop).producing("image/jpeg"),
        ApiRoute.post("/v1/requests/{id}/matches/{faceId}/reviews", "requests",
            "Confirm or reject a match with a note; two different reviewers confirm a match.",
            this::review, ApiRoute.Body.json(
                field("verdict", "string", "confirmed or rejected"),
                field("note", "string", "what you compared")), 201),
        ApiRoute.post("/v1/requests/{id}/identity", "requests",
            "Record that the requester's identity was checked, and how.", this::identity,
            ApiRoute.Body.json(field("note", "string", "how identity was checked")), 200),
        ApiRoute.get("/v1/requests/{id}/report", "requests",
            "The access report for the requester (confirmed faces with crops as base64 JPEG,"
                + " sources, bases, enrolment, retention, searches by purpose and month);"
                + " audited.", this::report),
        ApiRoute.get("/v1/requests/{id}/report.pdf", "requests",
            "The access report as a PDF; audited.", this::reportPdf)
            .producing("application/pdf"),
        ApiRoute.post("/v1/requests/{id}/erasure", "requests",
            "Erase confirmed matches on the request (physical erasure, receipts attached).",
            this::erase, ApiRoute.Body.json(optional("faceIds", "array",
                "the matches to erase; default every confirmed match not yet erased or kept")),
            200),
        ApiRoute.post("/v1/requests/{id}/objection", "requests",
            "Record that a lawful basis overrides the request for confirmed matches, which are"
                + " kept.", this::object, ApiRoute.Body.json(
                optional("faceIds", "array", "the matches kept; default every confirmed match"
                    + " not yet erased or kept"),
                field("basisReference", "string", "the overriding basis's reference"),
                field("note", "string", "why it overrides the request")), 200),
        ApiRoute.post("/v1/requests/{id}/answer", "requests",
            "Answer the request; the requester's photo is deleted.", this::answer,
            ApiRoute.Body.json(field("outcome", "string", "what the answer said")), 200),
        ApiRoute.post("/v1/optouts", "requests",
            "Put a person on the do-not-enrol list at their request (the template of their"
                + " photo, or of their open access request's photo, kept under their consent).",
            this::optOut, ApiRoute.Body.multipart(
                optional("photo", "file", "the person's photo (or give fromRequest)"),
                optional("fromRequest", "string", "an open access request whose photo to use"),
                field("requester", "string", "your reference for the person"),
                field("consent", "string", "the reference of their consent")), 201),
        ApiRoute.get("/v1/optouts", "requests",
            "The do-not-enrol list (entries, never templates).", this::optOuts),
        ApiRoute.post("/v1/optouts/{id}/removal", "requests",
            "Take a person off the do-not-enrol list at their request (a request itself).",
            this::removeOptOut, ApiRoute.Body.json(field("requester", "string",
                "your reference for the person")), 200));
  }

  void access(Context ctx) {
    String kind = ctx.formParam("kind");
    String fmr = ctx.formParam("maxFmr");
    double maxFmr;
    try {
      maxFmr = fmr == null || fmr.isBlank() ? StrictThreshold.DEFAULT_MAX_FMR
          : Double.parseDouble(fmr.strip());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("maxFmr must be a number such as 1e-5, got '" + fmr
          + "'");
    }
    AccessAsk ask = new AccessAsk(kind == null || kind.isBlank() ? RequestKind.ACCESS
        : RequestKind.parse(kind), ctx.formParam("requester"), uploads.one(ctx, "photo"),
        maxFmr);
    ctx.status(201).json(RequestViews.RequestDetailView.of(
        ops.requests().access(Auth.principal(ctx), ask), RequestViews.today(), ops.publicIds()));
  }

  void list(Context ctx) {
    boolean open = "true".equalsIgnoreCase(ctx.queryParam("open"));
    ctx.json(ops.requests().register(Auth.principal(ctx), open).stream()
        .map(r -> RequestViews.RequestView.of(r, RequestViews.today())).toList());
  }

  void get(Context ctx) {
    ctx.json(RequestViews.RequestDetailView.of(ops.requests().request(Auth.principal(ctx),
        id(ctx)), RequestViews.today(), ops.publicIds()));
  }

  void photo(Context ctx) {
    UUID id = id(ctx);
    byte[] photo = ops.requests().photo(Auth.principal(ctx), id).orElseThrow(() ->
        new NotFoundResponse("request " + id + " keeps no photo (it is answered)"));
    ctx.header("Cache-Control", "no-store").contentType(imageType(photo)).result(photo);
  }

  /** The media type of an uploaded photo, by its first bytes (JPEG unless another is named). */
  private static String imageType(byte[] b) {
    if (b.length > 12 && b[0] == (byte) 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length > 12 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E') {
      return "image/webp";
    }
    if (b.length > 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F') {
      return "image/gif";
    }
    if (b.length > 2 && b[0] == 'B' && b[1] == 'M') {
      return "image/bmp";
    }
    return "image/jpeg";
  }

  void crop(Context ctx) {
    String faceId = ctx.pathParam("faceId");
    byte[] crop = ops.requests().matchCrop(Auth.principal(ctx), id(ctx),
        ops.publicIds().face(faceId)).orElseThrow(() -> new NotFoundResponse("face "
            + Edge.abbreviate(faceId) + " has no crop"));
    ctx.header("Cache-Control", "no-store").contentType("image/jpeg").result(crop);
  }

  void review(Context ctx) {
    long faceId = ops.publicIds().face(ctx.pathParam("faceId"));
    ReviewBody body = Edge.body(ctx, ReviewBody.class);
    ctx.status(201).json(RequestViews.ReviewStatusView.of(ops.requests().review(
        Auth.principal(ctx), id(ctx), faceId, Verdict.parse(body.verdict()), body.note()),
        ops.publicIds()));
  }

  void identity(Context ctx) {
    NoteBody body = Edge.body(ctx, NoteBody.class);
    ctx.json(RequestViews.RequestView.of(ops.requests().checkIdentity(Auth.principal(ctx),
        id(ctx), body.note()), RequestViews.today()));
  }

  void report(Context ctx) {
    ctx.header("Cache-Control", "no-store").json(RequestViews.ReportView.of(
        ops.requests().report(Auth.principal(ctx), id(ctx), "json"), ops.publicIds()));
  }

  void reportPdf(Context ctx) {
    UUID id = id(ctx);
    byte[] pdf = AccessReportPdf.render(ops.requests().report(Auth.principal(ctx), id, "pdf"),
        ops.publicIds());
    ctx.header("Cache-Control", "no-store")
        .header("Content-Disposition", "attachment; filename=\"access-report-" + id + ".pdf\"")
        .contentType("application/pdf").result(pdf);
  }

  void erase(Context ctx) {
    // Through the edge: ctx.body() is empty once the edge has read the stream, which would
    // erase every confirmed match when the officer named some.
    FacesBody body = Edge.body(ctx, FacesBody.class);
    ctx.json(RequestViews.RequestDetailView.of(ops.requests().erase(Auth.principal(ctx),
        id(ctx), faceIds(body.faceIds(), ops.publicIds())), RequestViews.today(),
        ops.publicIds()));
  }

  void object(Context ctx) {
    ObjectionBody body = Edge.body(ctx, ObjectionBody.class);
    ctx.json(RequestViews.RequestDetailView.of(ops.requests().object(Auth.principal(ctx),
        id(ctx), faceIds(body.faceIds(), ops.publicIds()), body.basisReference(),
        body.note()), RequestViews.today(), ops.publicIds()));
  }

  void answer(Context ctx) {
    AnswerBody body = Edge.body(ctx, AnswerBody.class);
    ctx.json(RequestViews.RequestView.of(ops.requests().answer(Auth.principal(ctx), id(ctx),
        body.outcome()), RequestViews.today()));
  }

  void optOut(Context ctx) {
    String from = ctx.formParam("fromRequest");
    boolean fromRequest = from != null && from.isBlank() == false;
    Upload photo = fromRequest ? null : uploads.one(ctx, "photo");
    OptOutAsk ask = new OptOutAsk(ctx.formParam("requester"), ctx.formParam("consent"), photo,
        fromRequest ? uuid(from.strip(), "fromRequest") : null);
    ctx.status(201).json(RequestViews.OptOutResultView.of(ops.requests().optOut(
        Auth.principal(ctx), ask), RequestViews.today()));
  }

  void optOuts(Context ctx) {
    ctx.json(ops.requests().optOuts(Auth.principal(ctx)).stream()
        .map(RequestViews.OptOutView::of).toList());
  }

  void removeOptOut(Context ctx) {
    RemovalBody body = Edge.body(ctx, RemovalBody.class);
    ctx.json(RequestViews.OptOutResultView.of(ops.requests().removeOptOut(Auth.principal(ctx),
        uuid(ctx.pathParam("id"), "do-not-enrol entry id"), body.requester()),
        RequestViews.today()));
  }

  /** A request's match face ids as the body lists them (their public ids), as the store's. */
  private static List<Long> faceIds(List<String> ids, PublicIds publicIds) {
    if (ids == null) {
      return List.of();
    }
    List<Long> out = new java.util.ArrayList<>(ids.size());
    for (String id : ids) {
      try {
        out.add(publicIds.face(id == null ? "" : id));
      } catch (FaceNotFoundException e) {
        throw new InvalidRequestException("faceIds must list the matches' face ids as the"
            + " request lists them, got '" + Edge.abbreviate(String.valueOf(id)) + "'");
      }
    }
    return out;
  }

  private static UUID id(Context ctx) {
    return uuid(ctx.pathParam("id"), "request id");
  }

  private static UUID uuid(String text, String what) {
    try {
      UUID id = UUID.fromString(text);
      if (id.toString().equalsIgnoreCase(text)) { // fromString also takes "1-2-3-4-5"
        return id;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidRequestException(what + " must be a UUID, got '" + Edge.abbreviate(text)
        + "'");
  }
}
