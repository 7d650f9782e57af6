package candor.app.http;

import static candor.app.http.ApiRoute.field;
import static candor.app.http.ApiRoute.optional;

import candor.core.access.Operations;
import candor.core.gallery.IngestSummary;
import candor.core.model.LawfulBasis;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.List;

/**
 * Unlabelled media: ingest photos whose faces have no subject, erase a photo, read a face's crop.
 */
final class MediaRoutes {

  private final Operations ops;
  private final Uploads uploads;
  private final Metrics metrics;

  MediaRoutes(Services services, Uploads uploads) {
    this.ops = services.operations();
    this.uploads = uploads;
    this.metrics = services.metrics();
  }

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.post("/v1/collections/{collection}/media", "media",
            "Ingest photos: every face found is stored, without a subject.", this::ingest,
            ApiRoute.Body.multipart(
                field("photo", "file", "one or more photos"),
                optional("basisKind", "string", "consent or authority (default: the"
                    + " collection's)"),
                optional("basisReference", "string", "the basis' reference")), 200)
            .params(CollectionRoutes.COLLECTION).returning(Views.IngestView.class),
        ApiRoute.delete("/v1/collections/{collection}/media/{sha256}", "media",
            "Erase a photo and every face found in it.", this::erase)
            .params(CollectionRoutes.COLLECTION, field("sha256", "string",
                "the photo's SHA-256, 64 hex digits")).returning(Views.ErasureView.class),
        ApiRoute.get("/v1/faces/{faceId}/crop", "media",
            "A stored face's crop (JPEG), for reviewers.", this::crop)
            .params(field("faceId", "string", "the face's public id, as a search lists it"))
            .producing("image/jpeg"));
  }

  void ingest(Context ctx) {
    LawfulBasis basis = null;
    String kind = ctx.formParam("basisKind");
    if (kind != null && kind.isBlank() == false) {
      basis = new CollectionRoutes.BasisBody(kind, ctx.formParam("basisReference")).toBasis();
    }
    IngestSummary summary = ops.subjects().ingestMedia(Auth.principal(ctx), ctx.pathParam("collection"),
        basis, uploads.many(ctx, "photo"));
    metrics.ingested(summary);
    ctx.json(Views.IngestView.of(summary));
  }

  void erase(Context ctx) {
    ctx.json(Views.ErasureView.of(ops.subjects().eraseMedia(Auth.principal(ctx),
        ctx.pathParam("collection"), ctx.pathParam("sha256"))));
  }

  void crop(Context ctx) {
    String faceId = ctx.pathParam("faceId");
    byte[] crop = ops.subjects().faceCrop(Auth.principal(ctx), faceId).orElseThrow(() ->
        new NotFoundResponse("face " + faceId + " has no crop"));
    ctx.header("Cache-Control", "no-store").contentType("image/jpeg").result(crop);
  }
}
