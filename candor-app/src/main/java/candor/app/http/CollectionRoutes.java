package candor.app.http;

import static candor.app.http.ApiRoute.field;
import static candor.app.http.ApiRoute.optional;

import candor.core.access.Operations;
import candor.core.gallery.CollectionService;
import candor.core.model.LawfulBasis;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /v1/collections}: create, list and read collections. */
final class CollectionRoutes {

  /** The {@code {collection}} path parameter. */
  static final ApiRoute.Field COLLECTION =
      field("collection", "string", "the collection's name").example("archive");

  private final Operations ops;

  CollectionRoutes(Services services) {
    this.ops = services.operations();
  }

  record BasisBody(String kind, String reference) {
    LawfulBasis toBasis() {
      if (kind == null || reference == null) {
        throw new BadRequestResponse("a lawful basis needs a kind (consent or authority)"
            + " and a reference");
      }
      return switch (kind.strip().toLowerCase(Locale.ROOT)) {
        case "consent" -> LawfulBasis.consent(reference);
        case "authority" -> LawfulBasis.authority(reference);
        default -> throw new BadRequestResponse(
            "lawful basis kind must be consent or authority, got '" + kind + "'");
      };
    }
  }

  record NewCollectionBody(String name, String purpose, BasisBody defaultBasis, String retention,
      Boolean keepOriginals) {}

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/v1/collections", "collections",
            "List the collections the key is granted.", this::list)
            .returningListOf(Views.CollectionView.class),
        ApiRoute.post("/v1/collections", "collections", "Create a collection (admin).",
            this::create, ApiRoute.Body.json(
                field("name", "string", "the collection's name, [a-z0-9][a-z0-9-]{0,63}")
                    .example("archive"),
                field("purpose", "string", "why the collection exists")
                    .example("missing persons reported to the unit"),
                field("defaultBasis", "object",
                    "{kind: consent|authority, reference}: basis of faces without a subject")
                    .example(Map.of("kind", "authority", "reference", "Missing Persons Act s.4")),
                optional("retention", "string", "ISO-8601 period, default P1Y").example("P5Y"),
                optional("keepOriginals", "boolean", "keep original photos (default false)")
                    .example(false)),
            201).returning(Views.CollectionView.class),
        ApiRoute.get("/v1/collections/{collection}", "collections", "Read a collection.",
            this::get).params(COLLECTION).returning(Views.CollectionView.class));
  }

  void list(Context ctx) {
    ctx.json(ops.collections().listCollections(Auth.principal(ctx)).stream()
        .map(Views.CollectionView::of).toList());
  }

  void create(Context ctx) {
    NewCollectionBody body = Edge.body(ctx, NewCollectionBody.class);
    Period retention;
    try {
      retention = body.retention() == null ? CollectionService.DEFAULT_RETENTION
          : Period.parse(body.retention());
    } catch (DateTimeParseException e) {
      throw new BadRequestResponse(
          "retention must be an ISO-8601 period such as P5Y, got '" + body.retention() + "'");
    }
    ctx.status(201).json(Views.CollectionView.of(ops.collections().createCollection(Auth.principal(ctx),
        new CollectionService.NewCollection(body.name(), body.purpose(),
            body.defaultBasis().toBasis(), retention,
            Boolean.TRUE.equals(body.keepOriginals())))));
  }

  void get(Context ctx) {
    ctx.json(Views.CollectionView.of(
        ops.collections().collection(Auth.principal(ctx), ctx.pathParam("collection"))));
  }
}
