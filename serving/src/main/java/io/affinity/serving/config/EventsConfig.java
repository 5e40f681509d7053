package io.affinity.serving.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Real-time ingest settings, validated at construction.
 *
 * @param log the durable event log's directory ({@code --events})
 * @param rollTo the interaction-log directory events are rolled into as date-partitioned Parquet
 *     for the next train job ({@code --roll-to}); null: no roll-over
 * @param rollEvery how often the roll runs ({@code --roll-minutes}, default 60); it can also be
 *     started with {@code POST /v1/admin/events/roll}
 * @param kafkaBootstrap Kafka bootstrap servers ({@code --kafka-bootstrap host:port,...}): the event
 *     log is then the topic, shared by every replica, and {@code log} only holds roll-over state;
 *     null: the local durable log in {@code log}
 * @param kafkaTopic the topic ({@code --kafka-topic}, default {@code affinity-events})
 */
public record EventsConfig(Path log, Path rollTo, Duration rollEvery, String kafkaBootstrap, String kafkaTopic) {
  /** Validates the fields. */
  public EventsConfig {
    Objects.requireNonNull(log, "--events DIR is required for real-time ingest");
    if (rollEvery == null || rollEvery.isNegative() || rollEvery.isZero()) {
      throw new IllegalArgumentException("--roll-minutes must be > 0, got " + rollEvery);
    }
    if (rollTo != null && rollTo.toAbsolutePath().normalize().startsWith(log.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("--roll-to " + rollTo + " must not be inside the event log " + log);
    }
    if (kafkaBootstrap != null && kafkaBootstrap.isBlank()) {
      throw new IllegalArgumentException("--kafka-bootstrap must list host:port pairs");
    }
    if (kafkaTopic == null || !kafkaTopic.matches("[A-Za-z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("--kafka-topic must be 1..249 of [A-Za-z0-9._-], got '" + kafkaTopic + "'");
    }
  }

  /** A local log (no Kafka). */
  public EventsConfig(Path log, Path rollTo, Duration rollEvery) {
    this(log, rollTo, rollEvery, null, "affinity-events");
  }

  /** A log without roll-over. */
  public static EventsConfig of(Path log) {
    return new EventsConfig(log, null, Duration.ofHours(1));
  }
}
