/**
 * The HTTP API of {@code candor serve}: one class per resource ({@code KeyRoutes}, {@code
 * SearchRoutes}, ...) whose handlers are method references, registered in {@link
 * candor.app.http.HttpApi}; a Bearer-key filter on every route but {@code /healthz}, {@code
 * /openapi.json} and the web UI's static files; request checks from the route table (types,
 * limits, fields) before each handler, in {@code Edge}; errors as {@code
 * application/problem+json}; Prometheus metrics; an OpenAPI 3 document built from the route
 * table. No business rule lives here: every handler calls one
 * {@link candor.core.access.Operations} method, which enforces and audits the policy.
 */
package candor.app.http;
