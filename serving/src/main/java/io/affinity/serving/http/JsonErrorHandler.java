package io.affinity.serving.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error responses (requests it rejects before they reach a route: an ambiguous or
 * illegal URI such as {@code %00}, headers too large, a malformed request line) as the same JSON
 * {@link ErrorBody} every route uses, instead of Jetty's HTML page, with {@code Connection: close}
 * (Jetty drops such connections). Never includes a stack trace.
 */
public final class JsonErrorHandler extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every method gets the JSON body (Jetty writes error pages for GET, POST and HEAD only). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) throws java.io.IOException {
    String reason = HttpStatus.getMessage(code);
    String error = reason == null ? "http_" + code
        : reason.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    String text = message == null || message.isBlank() ? reason : message;
    byte[] body = JSON.writeValueAsBytes(new ErrorBody(error, "request rejected: " + text));
    response.setStatus(code);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    // Jetty closes the connection after rejecting a malformed request; say so, or a client that
    // pools connections sends its next request into the closed one.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
