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
 * @param requestLog whether to log one line per request (default off; when on, lines are written
 *     by a background thread and dropped, counted, when it falls behind)
 * @param maxK the largest accepted {@code k} (default 1000)
 * @param defaultK {@code k} when the request gives none (default 10)
 * @param pollInterval how often {@code _CURRENT} is checked for a new snapshot (default 10 s)
 * @param exactBelow spaces with fewer items than this, and filters leaving fewer candidates than
 *     this, are searched exactly even when the snapshot has an ANN index (default 20,000)
 * @param search the work bounds of one graph search: beam ({@code --ef-search}, default 100),
 *     scored vectors ({@code --max-visits}, default 20,000) and the exact head scan of
 *     recommendations ({@code --head-rows}, default 2,048)
 * @param adminToken the bearer token admin routes require, or null to disable them; from the
 *     {@code AFFINITY_ADMIN_TOKEN} environment variable, never logged ({@link #toString} redacts it)
 * @param apiKey when set, read routes require it in {@code X-Api-Key} (or as a bearer token); from
 *     {@code AFFINITY_API_KEY}, redacted like the admin token
 * @param corsOrigins origins allowed to call the API from a browser ({@code *} for any); empty:
 *     no CORS headers
 * @param maxIdLength the longest accepted user or item id, in characters (default 256)
 * @param maxBodyBytes the largest accepted request body (default 1 MiB); larger gets 413
 * @param events real-time ingest (event log, roll-over); null disables ingest
 * @param httpThreads Jetty's worker threads (default {@link #defaultHttpThreads()}: a small multiple
 *     of the cores, since every request is CPU-bound and more threads only add switching)
 * @param pseudonyms replaces every user id the API receives with its keyed pseudonym
 *     ({@code --pseudonymize-users}, for a store trained the same way), or null
 *     ({@code POST /v1/events} answers 503), sessions and explanations still work
 */
public record ServingConfig(
    Path store, String host, int port, boolean requestLog, int maxK, int defaultK, Duration pollInterval,
    int exactBelow, io.affinity.serving.index.SearchBudget search, String adminToken, String apiKey, List<String> corsOrigins, int maxIdLength,
    long maxBodyBytes, EventsConfig events, io.affinity.store.privacy.Pseudonymizer pseudonyms, int httpThreads) {

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
    Objects.requireNonNull(search, "search budget");
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
    if (httpThreads < 4 || httpThreads > 1024) {
      throw new IllegalArgumentException("--http-threads must be in 4..1024, got " + httpThreads);
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
    return new ServingConfig(store, "0.0.0.0", port, false, 1000, 10, Duration.ofSeconds(10), 20_000,
        io.affinity.serving.index.SearchBudget.DEFAULTS, null,
        null, List.of(), 256, 1 << 20, null, null, defaultHttpThreads());
  }

  /** Jetty worker threads by default: 8 per core, at least 16 (room for Jetty's own selector threads). */
  public static int defaultHttpThreads() {
    return Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
  }

  /** A copy with {@code n} Jetty worker threads. */
  public ServingConfig withHttpThreads(int n) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, pollInterval, exactBelow, search,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms, n);
  }

  /** A copy bound to {@code h}. */
  public ServingConfig withHost(String h) {
    return new ServingConfig(store, h, port, requestLog, maxK, defaultK, pollInterval, exactBelow, search,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms, httpThreads);
  }

  /** A copy with real-time ingest configured by {@code dir} (null: ingest disabled). */
  public ServingConfig withEvents(EventsConfig dir) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, pollInterval, exactBelow, search,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, dir, pseudonyms, httpThreads);
  }

  /** A copy that pseudonymises user ids with {@code p} (null: off). */
  public ServingConfig withPseudonyms(io.affinity.store.privacy.Pseudonymizer p) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, pollInterval, exactBelow, search,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, p, httpThreads);
  }

  /** A copy with request logging on or off. */
  public ServingConfig withRequestLog(boolean on) {
    return new ServingConfig(store, host, port, on, maxK, defaultK, pollInterval, exactBelow, search,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms, httpThreads);
  }

  /** A copy with other search settings. */
  public ServingConfig withSearch(int newMaxK, int newExactBelow, io.affinity.serving.index.SearchBudget newSearch) {
    return new ServingConfig(store, host, port, requestLog, newMaxK, Math.min(defaultK, newMaxK), pollInterval,
        newExactBelow, newSearch, adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms, httpThreads);
  }

  /** A copy polling {@code _CURRENT} every {@code interval}. */
  public ServingConfig withPollInterval(Duration interval) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, interval, exactBelow, search,
        adminToken, apiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms, httpThreads);
  }

  /** A copy with other credentials (null disables each). */
  public ServingConfig withSecrets(String newAdminToken, String newApiKey) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, pollInterval, exactBelow, search,
        newAdminToken, newApiKey, corsOrigins, maxIdLength, maxBodyBytes, events, pseudonyms, httpThreads);
  }

  /** A copy with other request limits and CORS origins. */
  public ServingConfig withLimits(int newMaxIdLength, long newMaxBodyBytes, List<String> newCorsOrigins) {
    return new ServingConfig(store, host, port, requestLog, maxK, defaultK, pollInterval, exactBelow, search,
        adminToken, apiKey, newCorsOrigins, newMaxIdLength, newMaxBodyBytes, events, pseudonyms, httpThreads);
  }

  /** Every field, with the secrets redacted. */
  @Override
  public String toString() {
    return "ServingConfig[store=" + store + ", host=" + host + ", port=" + port + ", requestLog=" + requestLog
        + ", httpThreads=" + httpThreads + ", maxK=" + maxK + ", defaultK=" + defaultK + ", pollInterval=" + pollInterval + ", exactBelow="
        + exactBelow + ", search=" + search + ", adminToken=" + redact(adminToken) + ", apiKey="
        + redact(apiKey) + ", corsOrigins=" + corsOrigins + ", maxIdLength=" + maxIdLength + ", maxBodyBytes="
        + maxBodyBytes + "]";
  }

  private static String redact(String secret) {
    return secret == null ? "none" : "<redacted>";
  }
}
