package io.affinity.store.log;

import java.util.Objects;

/**
 * One row of the interaction log.
 *
 * @param userId who acted
 * @param itemId on what
 * @param eventType what kind of event (e.g. {@code rating}, {@code view}); null allowed
 * @param weight explicit strength; null means "the default for the event type"
 * @param tsMicros when, in microseconds since the epoch, UTC
 */
public record Interaction(String userId, String itemId, String eventType, Double weight, long tsMicros) {
  /** Requires the ids. */
  public Interaction {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
  }
}
