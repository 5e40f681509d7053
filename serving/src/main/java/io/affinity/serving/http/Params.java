package io.affinity.serving.http;

/** Parses and validates query parameters, naming the bad value in the error. */
public final class Params {
  private Params() {}

  /**
   * Parses {@code k}: absent → {@code defaultK}; otherwise an integer in {@code 1..maxK}.
   *
   * @throws ApiException 400 naming the bad value
   */
  public static int k(String raw, int defaultK, int maxK) {
    if (raw == null) {
      return defaultK;
    }
    int k;
    try {
      k = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("k must be an integer between 1 and " + maxK + ", got '"
          + abbreviate(raw) + "'");
    }
    if (k < 1 || k > maxK) {
      throw ApiException.badRequest("k must be between 1 and " + maxK + ", got " + k);
    }
    return k;
  }

  /** Shortens a client-supplied value for an error message. */
  public static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
