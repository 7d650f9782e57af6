package candor.app.http;

import static candor.app.http.ApiRoute.field;
import static candor.app.http.ApiRoute.optional;

import candor.core.access.NewSubject;
import candor.core.access.Operations;
import candor.core.gallery.IngestSummary;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Subjects: enrol one with a lawful basis ({@code POST /v1/collections/{c}/subjects}), add photos
 * of them, read, list and erase them.
 */
final class SubjectRoutes {

  /** The {@code {id}} path parameter of a subject. */
  private static final ApiRoute.Field ID =
      field("id", "uuid", "the subject's id").example("5f0c7a4e-2b1d-4c3a-9e8f-1a2b3c4d5e6f");

  private final Operations ops;
  private final Uploads uploads;
  private final Metrics metrics;

  SubjectRoutes(Services services, Uploads uploads) {
    this.ops = services.operations();
    this.uploads = uploads;
    this.metrics = services.metrics();
  }

  record NewSubjectBody(String externalRef, String displayName,
      CollectionRoutes.BasisBody basis, String retainUntil) {}

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post("/v1/collections/{collection}/subjects", "subjects",
            "Enrol a subject; a lawful basis with its reference is required.", this::create,
            ApiRoute.Body.json(
                field("externalRef", "string", "your reference for the person, [A-Za-z0-9._-]")
                    .example("mp-2026-0141"),
                field("displayName", "string", "the name reviewers see").example("Anna K."),
                field("basis", "object", "the lawful basis, {kind: consent|authority, reference}")
                    .example(Map.of("kind", "consent", "reference", "form 2026/117")),
                optional("retainUntil", "string", "YYYY-MM-DD, default the collection's limit")
                    .example("2028-12-31")),
            201).params(CollectionRoutes.COLLECTION).returning(Views.SubjectView.class),
        ApiRoute.get("/v1/collections/{collection}/subjects", "subjects",
            "List a collection's subjects with their face counts (audited).", this::list)
            .params(CollectionRoutes.COLLECTION).returningListOf(Views.SubjectView.class),
        ApiRoute.get("/v1/subjects/{id}", "subjects", "Read a subject (audited).", this::get)
            .params(ID).returning(Views.SubjectView.class),
        ApiRoute.post("/v1/subjects/{id}/photos", "subjects",
            "Add photos of a subject: the largest face of each is enrolled.", this::enrol,
            ApiRoute.Body.multipart(field("photo", "file", "one or more photos (JPEG, PNG,"
                + " WebP, BMP, GIF)")), 200).params(ID).returning(Views.IngestView.class),
        ApiRoute.delete("/v1/subjects/{id}", "subjects",
            "Erase a subject: rows, templates, crops, originals and index entries.",
            this::erase).params(ID).returning(Views.ErasureView.class));
  }

  void create(Context ctx) {
    NewSubjectBody body = Edge.body(ctx, NewSubjectBody.class);
    LocalDate until;
    try {
      until = body.retainUntil() == null || body.retainUntil().isBlank() ? null
          : LocalDate.parse(body.retainUntil());
    } catch (DateTimeParseException e) {
      throw new BadRequestResponse(
          "retainUntil must be a date YYYY-MM-DD, got '" + body.retainUntil() + "'");
    }
    ctx.status(201).json(Views.SubjectView.of(ops.subjects().createSubject(Auth.principal(ctx),
        new NewSubject(ctx.pathParam("collection"), body.externalRef(), body.displayName(),
            body.basis().toBasis(), until)), 0L));
  }

  void list(Context ctx) {
    ctx.json(ops.subjects().listSubjects(Auth.principal(ctx), ctx.pathParam("collection")).stream()
        .map(Views.SubjectView::of).toList());
  }

  void get(Context ctx) {
    ctx.json(Views.SubjectView.of(ops.subjects().subject(Auth.principal(ctx), id(ctx))));
  }

  void enrol(Context ctx) {
    UUID id = id(ctx);
    IngestSummary summary = ops.subjects().enrol(Auth.principal(ctx), id, uploads.many(ctx, "photo"));
    metrics.ingested(summary);
    ctx.json(Views.IngestView.of(summary));
  }

  void erase(Context ctx) {
    ctx.json(Views.ErasureView.of(ops.subjects().eraseSubject(Auth.principal(ctx), id(ctx))));
  }

  /** The subject id of the path, which {@link Edge} checked is a UUID. */
  static UUID id(Context ctx) {
    return UUID.fromString(ctx.pathParam("id"));
  }
}
