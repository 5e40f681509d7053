package io.affinity.serving.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of one server, validated at start-up. Defaults are documented in
 * {@code docs/serving.md} and on {@code affinity serve --help}.
 *
 * @param store the feature store root
 * @param host the address to bind (default {@code 0.0.0.0})
 * @param port the HTTP port, 0 for any free port (default 8080)
 * @param requestLog whether to log one line per request
 * @param maxK the largest accepted {@code k} (default 1000)
 * @param defaultK {@code k} when the request gives none (default 10)
 * @param pollInterval how often {@code _CURRENT} is checked for a new snapshot (default 10 s)
 * @param exactBelow spaces with fewer items than this, and filters leaving fewer candidates than
 *     this, are searched exactly even when the snapshot has an ANN index (default 20,000)
 * @param efSearch candidates each ANN graph search returns before exact rescoring (default 100)
 * @param adminToken the bearer token admin routes require, or null to disable them; from the
 *     {@code AFFINITY_ADMIN_TOKEN} environment variable, never logged ({@link #toString} redacts it)
 * @param apiKey when set, read routes require it in {@code X-Api-Key} (or as a bearer token); from
 *     {@code AFFINITY_API_KEY}, redacted like the admin token
 * @param corsOrigins origins allowed to call the API from a browser ({@code *} for any); empty:
 *     no CORS headers
 * @param maxIdLength the longest accepted user or item id, in characters (default 256)
 * @param maxBodyBytes the largest accepted request body (default 1 MiB); larger gets 413
 * @param events real-time ingest (event log, roll-over); null disables ingest
 * @param pseudonyms replaces every user id the API receives with its keyed pseudonym
 *     ({@code --pseudonymize-users}, for a store trained the same way), or null
 *     ({@code POST /v1/events} answers 503), sessions and explanations still work
 */
public record ServingConfig(
    Path store, String host, int port, boolean requestLog, int maxK, int defaultK, Duration pollInterval,
    int exactBelow, int efSearch, String adminToken, String apiKey, List<String> corsOrigins, int maxIdLength,
    long maxBodyBytes, EventsConfig events, io.affinity.store.privacy.Pseudonymizer pseudonyms) {

  /** Validates every field; messages name the flag and the bad value. */
  public ServingConfig {
    Objects.requireNonNull(store, "--store is required");
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("--host must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
    }
    if (maxK < 1 || maxK > 100_000) {
      throw new IllegalArgumentException("--max-k must be in 1..100000, got " + maxK);
    }
    if (defaultK < 1 || defaultK > maxK) {
      throw new IllegalArgumentException("default k must be in 1.." + maxK + ", got " + defaultK);
    }
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("--poll-seconds must be > 0, got " + pollInterval);
    }
    if (exactBelow < 0) {
      throw new IllegalArgumentException("--exact-below must be >= 0, got " + exactBelow);
    }
    if (efSearch < 1 || efSearch > 10_000) {
      throw new IllegalArgumentException("--ef-search must be in 1..10000, got " + efSearch);
    }
    requireSecret("AFFINITY_ADMIN_TOKEN", adminToken);
    requireSecret("AFFINITY_API_KEY", apiKey);
    corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    for (String o : corsOrigins) {
      if (!o.equals("*") && !o.matches("https?://[A-Za-z0-9.:\\-\\[\\]]+")) {
        throw new IllegalArgumentException("--cors-origin must be * or scheme://host[:port], got '" + o + "'");
      }
    }
    if (maxIdLength < 1 || maxIdLength > 65_536) {
      throw new IllegalArgumentException("--max-id-length must be in 1..65536, got " + maxIdLength);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("--max-body-bytes must be > 0, got " + maxBodyBytes);
    }
  }

  private static void requireSecret(String name, String value) {
    if (value != null && value.length() < 16) {
      throw new IllegalArgumentException(name + " must have at least 16 characters, got " + value.length());
    }
  }

  /** Defaults for everything but the store and port. */
  public static ServingConfig defaults(Path store, int port) {
    return new ServingConfig(store, "0.0.0.0", port, true, 1000, 10, Duration.ofSeconds(10), 20_000, 100, null,
        null, List.of(), 256, 1 << 20, null, null);
  }

  /** A copy bound to {@code h}. */
  public ServingConfig withHost(String h) {
    return new ServingConfig(store, h, port, requestLog, maxK, defaultK, pollInterval, exactBelow, efSearch,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms);
  }

  /** A copy with real-time ingest configured by {@code dir} (null: ingest disabled). */
  public ServingConfig withEvents(EventsConfig dir) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, pollInterval, exactBelow, efSearch,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, dir, pseudonyms);
  }

  /** A copy that pseudonymises user ids with {@code p} (null: off). */
  public ServingConfig withPseudonyms(io.affinity.store.privacy.Pseudonymizer p) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, pollInterval, exactBelow, efSearch,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, p);
  }

  /** A copy with request logging on or off. */
  public ServingConfig withRequestLog(boolean on) {
    return new ServingConfig(store, host, port, on, maxK, defaultK, pollInterval, exactBelow, efSearch,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms);
  }

  /** A copy with other search settings. */
  public ServingConfig withSearch(int newMaxK, int newExactBelow, int newEfSearch) {
    return new ServingConfig(store, host, port, requestLog, newMaxK, Math.min(defaultK, newMaxK), pollInterval,
        newExactBelow, newEfSearch, adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms);
  }

  /** A copy polling {@code _CURRENT} every {@code interval}. */
  public ServingConfig withPollInterval(Duration interval) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, interval, exactBelow, efSearch,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms);
  }

  /** A copy with other credentials (null disables each). */
  public ServingConfig withSecrets(String newAdminToken, String newApiKey) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, pollInterval, exactBelow, efSearch,
        newAdminToken, newApiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms);
  }

  /** A copy with other request limits and CORS origins. */
  public ServingConfig withLimits(int newMaxIdLength, long newMaxBodyBytes, List<String> newCorsOrigins) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, pollInterval, exactBelow, efSearch,
        adminToken, apiKey, newCorsOrigins, newMaxIdLength, newMaxBodyBytes, events, pseudonyms);
  }

  /** Every field, with the secrets redacted. */
  @Override
  public String toString() {
    return "ServingConfig[store=" + store + ", host=" + host + ", port=" + port + ", requestLog=" + requestLog
        + ", maxK=" + maxK + ", defaultK=" + defaultK + ", pollInterval=" + pollInterval + ", exactBelow="
        + exactBelow + ", efSearch=" + efSearch + ", adminToken=" + redact(adminToken) + ", apiKey="
        + redact(apiKey) + ", corsOrigins=" + corsOrigins + ", maxIdLength=" + maxIdLength + ", maxBodyBytes="
        + maxBodyBytes + "]";
  }

  private static String redact(String secret) {
    return secret == null ? "none" : "<redacted>";
  }
}
