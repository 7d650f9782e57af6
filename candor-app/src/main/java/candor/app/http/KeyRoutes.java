package candor.app.http;

import static candor.app.http.ApiRoute.field;
import static candor.app.http.ApiRoute.optional;

import candor.core.access.IssuedKey;
import candor.core.access.NewKey;
import candor.core.access.Operations;
import candor.core.policy.CollectionGrant;
import candor.core.policy.Principal;
import candor.core.policy.Role;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.util.List;
import java.util.Locale;

/** {@code /v1/keys} (admins issue, list and revoke API keys) and {@code /v1/session} (sign-in). */
final class KeyRoutes {

  private final Operations ops;

  KeyRoutes(Services services) {
    this.ops = services.operations();
  }

  record NewKeyBody(String role, List<String> collections, String name) {}

  List<ApiRoute> routes() {
    return List.of(
        ApiRoute.get("/v1/keys", "keys", "List API keys (admin).", this::list)
            .returningListOf(Views.KeyView.class),
        ApiRoute.post("/v1/keys", "keys", "Issue an API key (admin); the token is shown once.",
            this::create, ApiRoute.Body.json(
                field("role", "string", "admin, enroller, investigator, supervisor or auditor")
                    .example("investigator"),
                field("collections", "array", "collection names, or [\"*\"] for all")
                    .example(List.of("archive")),
                optional("name", "string", "the user the key is issued to").example("alice")),
            201).returning(Views.IssuedKeyView.class),
        ApiRoute.delete("/v1/keys/{id}", "keys", "Revoke an API key (admin).", this::revoke)
            .params(field("id", "string", "the key's id, as listed"))
            .returning(Views.KeyView.class),
        ApiRoute.post("/v1/session", "session",
            "Sign in: checks the key, audits the sign-in, tells the role and grants.",
            this::session, ApiRoute.Body.NONE, 200).returning(Views.SessionView.class));
  }

  void list(Context ctx) {
    ctx.json(ops.keys().listKeys(Auth.principal(ctx)).stream().map(Views.KeyView::of).toList());
  }

  void create(Context ctx) {
    NewKeyBody body = Edge.body(ctx, NewKeyBody.class);
    IssuedKey issued = ops.keys().createKey(Auth.principal(ctx), new NewKey(Role.parse(body.role()),
        CollectionGrant.of(body.collections()), body.name()));
    ctx.status(201).json(new Views.IssuedKeyView(issued.token(), Views.KeyView.of(issued.key()),
        "Store the token now: it is shown once, and only its SHA-256 is kept."));
  }

  void revoke(Context ctx) {
    ctx.json(Views.KeyView.of(ops.keys().revokeKey(Auth.principal(ctx), ctx.pathParam("id"))));
  }

  void session(Context ctx) {
    Principal p = ops.keys().login(Auth.token(ctx), ctx.ip())
        .orElseThrow(() -> new UnauthorizedResponse("the API key is unknown or revoked"));
    ctx.json(new Views.SessionView(p.keyId(), p.user(), p.role().label(), p.grant().asList(),
        ops.policy().config().purposes().stream()
            // a privacy officer's access request runs that one, never the search form
            .filter(x -> x != candor.core.gallery.SearchPurpose.SUBJECT_ACCESS_REQUEST)
            .map(x -> x.id()).toList(),
        p.role().allowed().stream().map(a -> a.name().toLowerCase(Locale.ROOT)).sorted()
            .toList()));
  }
}
