package candor.app.http;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code
 * application/problem+json}).
 *
 * @param type a URI naming the kind of problem, such as {@code /problems/forbidden}
 * @param title the kind of problem in words, the same for every occurrence
 * @param status the HTTP status
 * @param detail what went wrong this time, for a person to read
 * @param instance the request path
 */
record Problem(String type, String title, int status, String detail, String instance) {}
