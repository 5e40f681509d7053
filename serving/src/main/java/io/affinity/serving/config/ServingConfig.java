package io.affinity.serving.config;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param exactBelow spaces with fewer items than this are searched exactly even when the snapshot
 *     has an ANN index (default 20,000: exact is then fast and perfectly accurate)
 * @param efSearch candidates the ANN graph returns before exact rescoring (default 200)
 * @param adminToken the bearer token admin routes require, or null to disable them; read from
 *     the {@code AFFINITY_ADMIN_TOKEN} environment variable, never logged ({@link #toString} redacts it)
 */
public record ServingConfig(
    Path store, String host, int port, boolean requestLog, int maxK, int defaultK, Duration pollInterval,
    int exactBelow, int efSearch, String adminToken) {

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
      throw new IllegalArgumentException("max k must be in 1..100000, got " + maxK);
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
    if (adminToken != null && adminToken.length() < 16) {
      throw new IllegalArgumentException("AFFINITY_ADMIN_TOKEN must have at least 16 characters, got "
          + adminToken.length());
    }
  }

  /** Defaults for everything but the store and port. */
  public static ServingConfig defaults(Path store, int port) {
    return new ServingConfig(store, "0.0.0.0", port, true, 1000, 10, Duration.ofSeconds(10), 20_000, 200, null);
  }

  /** Every field, with the admin token redacted. */
  @Override
  public String toString() {
    return "ServingConfig[store=" + store + ", host=" + host + ", port=" + port + ", requestLog=" + requestLog
        + ", maxK=" + maxK + ", defaultK=" + defaultK + ", pollInterval=" + pollInterval + ", exactBelow="
        + exactBelow + ", efSearch=" + efSearch + ", adminToken=" + (adminToken == null ? "none" : "<redacted>") + "]";
  }
}
