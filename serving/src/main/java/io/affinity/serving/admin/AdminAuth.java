package io.affinity.serving.admin;

import io.affinity.serving.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer TOKEN} against the configured admin token in constant time.
 * With no token configured, admin routes are disabled (403), never open.
 */
public final class AdminAuth {
  private final byte[] token;

  /** Creates the check; {@code token} may be null (admin routes disabled). */
  public AdminAuth(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Passes when the header carries the token.
   *
   * @throws ApiException 403 when admin routes are disabled, 401 when the token is missing or wrong
   */
  public void require(String authorizationHeader) {
    if (token == null) {
      throw new ApiException(403, "forbidden",
          "admin routes are disabled: start the server with AFFINITY_ADMIN_TOKEN set");
    }
    String prefix = "Bearer ";
    if (authorizationHeader == null || !authorizationHeader.startsWith(prefix)) {
      throw new ApiException(401, "unauthorized", "missing 'Authorization: Bearer <admin token>' header");
    }
    byte[] given = authorizationHeader.substring(prefix.length()).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      throw new ApiException(401, "unauthorized", "wrong admin token");
    }
  }
}
