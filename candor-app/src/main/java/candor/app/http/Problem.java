package candor.app.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code
 * application/problem+json}).
 *
 * @param type a URI naming the kind of problem, such as {@code /problems/forbidden}
 * @param title the kind of problem in words, the same for every occurrence
 * @param status the HTTP status
 * @param detail what went wrong this time, for a person to read
 * @param instance the request path
 * @param errorId for a 500 only: the id the server's log line carries with the stack trace, for
 *     the operator to find it by; otherwise {@code null} and left out of the JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, String instance,
    String errorId) {}
