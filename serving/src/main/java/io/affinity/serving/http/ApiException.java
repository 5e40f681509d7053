package io.affinity.serving.http;

/**
 * A client-visible failure with an HTTP status and a stable error code. Thrown by controllers and
 * services; {@link ErrorMapper} renders it.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  /** Creates an error with {@code status}, machine-readable {@code code} and a message for people. */
  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The machine-readable code, e.g. {@code bad_request}. */
  public String code() {
    return code;
  }

  /** 400: the request is malformed; the message names the bad value. */
  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  /** 404: the named resource does not exist. */
  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  /** 503: the server cannot answer yet (no snapshot loaded). */
  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }
}
