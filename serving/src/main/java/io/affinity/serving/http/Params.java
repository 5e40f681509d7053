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

  /** The most ids {@code exclude=} or {@code tags=} may list. */
  public static final int MAX_LIST = 1000;

  /**
   * Validates an id from the path: 1..maxLength characters, no control characters.
   *
   * @throws ApiException 400 naming the problem
   */
  public static String id(String raw, String what, int maxLength) {
    if (raw == null || raw.isEmpty()) {
      throw ApiException.badRequest(what + " must not be empty");
    }
    if (raw.length() > maxLength) {
      throw ApiException.badRequest(what + " is " + raw.length() + " characters long; the limit is " + maxLength);
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        throw ApiException.badRequest(what + " '" + abbreviate(raw) + "' contains a control character at index " + i);
      }
    }
    return raw;
  }

  /**
   * Parses a comma-separated list parameter ({@code exclude=a,b} or repeated); empty entries are
   * skipped. Each entry is checked like {@link #id}; at most {@link #MAX_LIST} entries.
   *
   * @throws ApiException 400 naming the bad entry
   */
  public static java.util.List<String> list(java.util.List<String> raw, String name, int maxLength) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String r : raw) {
      for (String part : r.split(",", -1)) {
        String v = part.trim();
        if (!v.isEmpty()) {
          out.add(id(v, name + " entry", maxLength));
        }
      }
      if (out.size() > MAX_LIST) {
        throw ApiException.badRequest(name + " lists more than " + MAX_LIST + " entries");
      }
    }
    return out;
  }

  /**
   * The {@code exclude=} and {@code tags=} parameters (each comma-separated and/or repeated) as a
   * filter.
   *
   * @throws ApiException 400 naming a bad entry
   */
  public static io.affinity.serving.snapshot.ItemFilter itemFilter(java.util.List<String> exclude,
      java.util.List<String> tags, int maxIdLength) {
    return new io.affinity.serving.snapshot.ItemFilter(list(exclude, "exclude", maxIdLength),
        list(tags, "tags", maxIdLength));
  }

  /** Shortens a client-supplied value for an error message. */
  public static String abbreviate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
