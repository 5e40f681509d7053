package io.affinity.serving.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Optional protection of the read routes: when an API key is configured, requests must carry it in
 * {@code X-Api-Key} (or as {@code Authorization: Bearer <key>}); compared in constant time. With
 * no key configured every read route is open.
 */
public final class ApiKeyAuth {
  private final byte[] key;

  /** Creates the check; {@code key} null leaves read routes open. */
  public ApiKeyAuth(String key) {
    this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Passes when no key is configured or the request carries it.
   *
   * @throws ApiException 401 when the key is missing or wrong
   */
  public void require(String apiKeyHeader, String authorizationHeader) {
    if (key == null) {
      return;
    }
    String given = apiKeyHeader;
    if (given == null && authorizationHeader != null && authorizationHeader.startsWith("Bearer ")) {
      given = authorizationHeader.substring("Bearer ".length());
    }
    if (given == null) {
      throw new ApiException(401, "unauthorized", "missing API key: send it in the X-Api-Key header");
    }
    if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), key)) {
      throw new ApiException(401, "unauthorized", "wrong API key");
    }
  }
}
