package io.affinity.jobs.generate;

import java.time.Instant;

/**
 * Settings of the synthetic generator.
 *
 * @param users number of users, &gt; 0
 * @param items number of items, &gt; 0
 * @param events exact number of interaction rows, &gt;= users (every user acts at least once)
 * @param seed the random seed; the same config always writes the same data
 * @param clusters number of latent taste clusters, 1..items
 * @param zipfExponent item popularity exponent s (weight of rank r is 1/r^s), in [0, 3]
 * @param start the first possible timestamp
 * @param days the length of the time window in days, &gt; 0
 */
public record GeneratorConfig(
    int users, int items, long events, long seed, int clusters, double zipfExponent,
    Instant start, int days) {

  /** Validates every field; messages name the bad value. */
  public GeneratorConfig {
    if (users <= 0) {
      throw new IllegalArgumentException("--users must be > 0, got " + users);
    }
    if (items <= 0) {
      throw new IllegalArgumentException("--items must be > 0, got " + items);
    }
    if (events < users) {
      throw new IllegalArgumentException("--events must be >= --users (" + users + "), got " + events);
    }
    if (clusters < 1 || clusters > items) {
      throw new IllegalArgumentException("--clusters must be in 1.." + items + ", got " + clusters);
    }
    if (!(zipfExponent >= 0 && zipfExponent <= 3)) {
      throw new IllegalArgumentException("--zipf must be in [0, 3], got " + zipfExponent);
    }
    if (days <= 0) {
      throw new IllegalArgumentException("--days must be > 0, got " + days);
    }
  }

  /** A config with the default cluster count, exponent 1.0 and 90 days from 2026-01-01. */
  public static GeneratorConfig of(int users, int items, long events, long seed) {
    return new GeneratorConfig(users, items, events, seed, defaultClusters(items), 1.0,
        Instant.parse("2026-01-01T00:00:00Z"), 90);
  }

  /** Roughly one cluster per 150 items, between 2 and 40. */
  public static int defaultClusters(int items) {
    return Math.max(1, Math.min(items, Math.max(2, Math.min(40, items / 150))));
  }
}
