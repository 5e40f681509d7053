package io.affinity.serving.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every failure to a JSON error in one place: {@link ApiException} to its status, Javalin's
 * own HTTP exceptions to theirs, unmatched routes to 404, and anything unexpected to a 500 whose
 * body carries no stack trace (the trace is logged).
 */
public final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  /** Registers the handlers on {@code config}. */
  public static void register(JavalinConfig config) {
    config.routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.status(), e.code(), e.getMessage()));
    config.routes.exception(HttpResponseException.class, (e, ctx) ->
        write(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage()));
    config.routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
      write(ctx, 500, "internal_error", "unexpected server error; see the server log");
    });
    config.routes.error(404, ctx -> {
      if (!ctx.result().isBlank() && ctx.res().getContentType() != null
          && ctx.res().getContentType().startsWith("application/json")) {
        closeIfBodyUnread(ctx);
        return; // a handler already wrote a JSON 404
      }
      write(ctx, 404, "not_found", "no route for " + ctx.method() + " " + ctx.path());
    });
    config.routes.error(405, ctx -> write(ctx, 405, "method_not_allowed",
        "method " + ctx.method() + " is not allowed on " + ctx.path()));
    config.routes.error(413, ctx -> {
      if (ctx.res().getContentType() == null || !ctx.res().getContentType().startsWith("application/json")) {
        write(ctx, 413, "payload_too_large", "request body too large");
      }
      closeIfBodyUnread(ctx);
    });
  }

  private static void write(Context ctx, int status, String code, String message) {
    ctx.status(status).json(new ErrorBody(code, message));
    closeIfBodyUnread(ctx);
  }

  /**
   * An error answer to a request whose body was not read (413): Jetty
   * cannot always drain it and then drops the connection, so announce it; a pooling client would
   * otherwise send its next request into a closed connection.
   */
  static void closeIfBodyUnread(Context ctx) {
    if (ctx.req().getContentLengthLong() != 0 && ctx.attribute(BODY_READ) == null) {
      ctx.header("Connection", "close");
    }
  }

  /** Set once the request body has been read, so an error answer can keep the connection open. */
  public static final String BODY_READ = "affinity.bodyRead";

  private static String codeFor(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal_error" : "client_error";
    };
  }
}
