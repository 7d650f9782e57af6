package candor.app.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error responses as problem+json: the refusals Jetty makes before a request reaches
 * Javalin (a malformed request line or URI, headers too large, a bad chunked encoding) and any
 * error it renders itself, so that every error response of the server has the same shape. No
 * stack trace, server version or request echo is shown.
 */
final class JettyErrors extends ErrorHandler {

  private static final HttpField PROBLEM_JSON =
      new HttpField(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE + ";charset=utf-8");

  JettyErrors() {
    setShowStacks(false);
    setShowServlet(false);
    setShowMessageInTitle(false);
  }

  /** Renders a refusal made while parsing the request (before any handler runs). */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(PROBLEM_JSON);
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    fields.put("X-Content-Type-Options", "nosniff");
    return ByteBuffer.wrap(Problems.body(status, reason, null, null)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Renders an error Jetty dispatches to its error handler. */
  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(Problems.CONTENT_TYPE + ";charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.getOutputStream().write(Problems.body(code, message, request.getRequestURI(), null)
        .getBytes(StandardCharsets.UTF_8));
  }
}
